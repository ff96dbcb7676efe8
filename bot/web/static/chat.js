// Web chat: sends the worker's messages to /chat/api/message and shows the bot's answers.
// While the page is open it also listens on /chat/api/events for check-ins the bot sends
// unasked, and shows them like answers. Bot text is always inserted with textContent, never
// as HTML.
"use strict";

(function () {
  const API_URL = "/chat/api/message";
  const LIMIT = 4000; // characters, the same limit the server checks
  const SHOW_COUNTER_FROM = 3500;
  // A little longer than the server's wait for the bot (BROWSER_SECONDS, bot/wire/budgets.py).
  const CLIENT_TIMEOUT_MS = 45000;
  const EVENTS_URL = "/chat/api/events";
  const ACK_URL = "/chat/api/events/ack";
  const END_URL = "/chat/api/end";
  const REOPEN_MS = 30000; // after the stream was refused; EventSource retries other breaks itself

  const ERRORS = {
    empty_message: "Je bericht is leeg. Typ eerst wat je wilt vertellen.",
    message_too_long:
      "Je bericht is te lang. Er passen maximaal 4000 tekens in één bericht. Maak het korter of stuur het in twee delen.",
    bad_request: "Je bericht kwam niet goed aan. Probeer het nog een keer.",
    bot_unavailable:
      "De bot is nu niet bereikbaar. Je bericht is niet verstuurd. Probeer het over een paar minuten opnieuw.",
    network:
      "Er is geen verbinding. Je bericht is niet verstuurd. Controleer je internet en probeer het opnieuw.",
    unknown: "Er ging iets mis. Je bericht is niet verstuurd. Probeer het opnieuw.",
    no_answer:
      "Er ging bij mij iets mis: ik kon je bericht nu niet verwerken. Wat je eerder vertelde, blijft bewaard. Stuur je bericht over een paar minuten nog een keer.",
    bot_slow:
      "Je bericht is aangekomen. Mijn antwoord duurt wat langer; het verschijnt hier vanzelf. Stuur je bericht niet nog een keer.",
    too_many_messages:
      "Je hebt vandaag heel veel berichten gestuurd. Probeer het later nog een keer. Ben je in gevaar? Bel 112.",
    too_many_sessions:
      "Er komen nu te veel gesprekken binnen vanaf dit adres. Probeer het later nog een keer. Ben je in gevaar? Bel 112.",
  };

  const messages = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("input");
  const sendButton = document.getElementById("send");
  const typing = document.getElementById("typing");
  const errorBox = document.getElementById("error");
  const counter = document.getElementById("counter");

  let busy = false;
  let shownError = null;
  let events = null;
  let reopenTimer = null;
  let hasSession = false; // the server knows this page's session (cookie set)
  const shownEvents = new Set();

  // Count characters the way the server does (code points, so an emoji counts once).
  function charCount(text) {
    return Array.from(text).length;
  }

  function showError(code) {
    shownError = code;
    errorBox.textContent = ERRORS[code] || ERRORS.unknown;
    errorBox.hidden = false;
  }

  function clearError() {
    shownError = null;
    errorBox.hidden = true;
    errorBox.textContent = "";
  }

  function updateCounter() {
    const count = charCount(input.value);
    if (count > LIMIT) {
      counter.textContent =
        "Je bericht is " + (count - LIMIT) + " tekens te lang (" + count + " van de 4000). " +
        "Maak het korter of stuur het in twee delen.";
      counter.classList.add("over");
      counter.hidden = false;
    } else if (count >= SHOW_COUNTER_FROM) {
      counter.textContent = "Nog " + (LIMIT - count) + " tekens over (" + count + " van de 4000).";
      counter.classList.remove("over");
      counter.hidden = false;
    } else {
      counter.textContent = "";
      counter.classList.remove("over");
      counter.hidden = true;
    }
  }

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
  }

  function addBubble(role, text) {
    const bubble = document.createElement("div");
    bubble.className = "msg msg-" + role;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = role === "user" ? "Jij: " : "Bot: ";
    bubble.appendChild(who);
    if (text) {
      const p = document.createElement("p");
      p.className = "msg-text";
      p.textContent = text;
      bubble.appendChild(p);
    }
    messages.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  // A document the bot offers (the aangifte PDF): a same-origin download link for this session.
  function addDocumentLink(bubble, doc) {
    if (!doc || typeof doc.url !== "string" || doc.url.indexOf("/chat/api/documents/") !== 0) {
      return;
    }
    const link = document.createElement("a");
    link.className = "document-link";
    link.href = doc.url;
    link.setAttribute("download", typeof doc.filename === "string" ? doc.filename : "");
    link.textContent = typeof doc.title === "string" ? doc.title : doc.filename;
    bubble.appendChild(link);
    scrollToEnd();
  }

  function addBotMessage(message) {
    const bubble = addBubble("bot", typeof message.text === "string" ? message.text : "");
    addDocumentLink(bubble, message.document);
    const buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (buttons.length === 0) {
      return;
    }
    const group = document.createElement("div");
    group.className = "buttons";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    for (const item of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = item.title;
      button.addEventListener("click", function () {
        chooseButton(group, button, item);
      });
      group.appendChild(button);
    }
    bubble.appendChild(group);
    scrollToEnd();
  }

  function setGroupDisabled(group, disabled) {
    for (const button of group.querySelectorAll("button")) {
      button.disabled = disabled;
    }
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    if (value) {
      scrollToEnd();
    }
  }

  // POST one message; resolves to {messages} or {error: code}.
  async function post(text) {
    const controller = new AbortController();
    const timer = setTimeout(function () {
      controller.abort();
    }, CLIENT_TIMEOUT_MS);
    try {
      const response = await fetch(API_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ message: text }),
        signal: controller.signal,
      });
      let data = null;
      try {
        data = await response.json();
      } catch (err) {
        data = null;
      }
      if (response.ok && data && Array.isArray(data.messages)) {
        return { messages: data.messages, notice: data.notice };
      }
      if (data && typeof data.error === "string") {
        return { error: data.error };
      }
      return { error: response.status >= 500 ? "bot_unavailable" : "unknown" };
    } catch (err) {
      return { error: "network" };
    } finally {
      clearTimeout(timer);
    }
  }

  // Send text to the bot, showing `shown` as the user's message; returns true when delivered.
  async function send(text, shown) {
    setBusy(true);
    clearError();
    const bubble = addBubble("user", shown);
    const result = await post(text);
    setBusy(false);
    if (result.error) {
      // The message did not arrive: take the bubble away so the chat shows only what was sent.
      bubble.remove();
      showError(result.error);
      return false;
    }
    for (const message of result.messages) {
      addBotMessage(message);
    }
    if (typeof result.notice === "string") {
      // Delivered, the answer comes later through the event stream.
      showError(result.notice);
    }
    // The first answer set the session cookie: from now on the bot can reach this page.
    hasSession = true;
    openEvents();
    return true;
  }

  // Check-ins the bot sends unasked arrive here while the page is open.
  function openEvents() {
    if (typeof EventSource === "undefined") {
      return;
    }
    if (events && events.readyState !== EventSource.CLOSED) {
      return;
    }
    clearTimeout(reopenTimer);
    const source = new EventSource(EVENTS_URL);
    events = source;
    source.addEventListener("open", function () {
      hasSession = true;
    });
    source.addEventListener("messages", showPushed);
    source.addEventListener("error", function () {
      // CLOSED: the server refused (no session yet, or it was down); otherwise the browser
      // reconnects by itself.
      if (source.readyState === EventSource.CLOSED && hasSession) {
        reopenTimer = setTimeout(openEvents, REOPEN_MS);
      }
    });
  }

  function showPushed(event) {
    let data = null;
    try {
      data = JSON.parse(event.data);
    } catch (err) {
      return;
    }
    if (!data || typeof data.id !== "string" || !Array.isArray(data.messages)) {
      return;
    }
    // The same check-in can come twice (two tabs, a lost confirmation): show it once.
    if (!shownEvents.has(data.id)) {
      shownEvents.add(data.id);
      if (shownError === "bot_slow") {
        clearError(); // the late answer is here
      }
      for (const message of data.messages) {
        addBotMessage(message);
      }
      if (typeof data.error === "string") {
        showError(data.error);
      }
    }
    confirmShown(data.id);
  }

  // Tell the server the check-in is on screen; only then does the bot count it as sent.
  function confirmShown(id) {
    fetch(ACK_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ id: id }),
    }).catch(function () {
      // Not confirmed: the bot tries again later, and the page shows it only once.
    });
  }

  async function sendTyped() {
    if (busy) {
      return;
    }
    const text = input.value;
    if (text.trim() === "") {
      showError("empty_message");
      input.focus();
      return;
    }
    if (charCount(text) > LIMIT) {
      showError("message_too_long");
      input.focus();
      return;
    }
    input.value = "";
    updateCounter();
    const delivered = await send(text.trim(), text.trim());
    if (!delivered) {
      // Nothing is lost: the text goes back into the box (before anything typed meanwhile).
      input.value = input.value ? text + "\n" + input.value : text;
      updateCounter();
    }
    input.focus();
  }

  async function chooseButton(group, button, item) {
    if (busy) {
      return;
    }
    setGroupDisabled(group, true);
    button.classList.add("chosen");
    button.setAttribute("aria-pressed", "true");
    const delivered = await send(item.payload, item.title);
    if (!delivered) {
      button.classList.remove("chosen");
      button.removeAttribute("aria-pressed");
      setGroupDisabled(group, false);
      button.focus();
      return;
    }
    input.focus();
  }

  // "Gesprek afsluiten": the server forgets the session and the browser its cookie, so the
  // next person at a shared computer starts a new conversation and sees nothing of this one.
  const endButton = document.getElementById("end");
  const endedNote = document.getElementById("ended");
  endButton.addEventListener("click", async function () {
    try {
      await fetch(END_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: "{}",
      });
    } catch (err) {
      // The cookie is cleared by the answer; without one the page is still emptied below.
    }
    if (events) {
      events.close();
      events = null;
    }
    hasSession = false;
    messages.replaceChildren();
    input.value = "";
    updateCounter();
    clearError();
    endedNote.hidden = false;
    input.focus();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendTyped();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendTyped();
    }
  });

  input.addEventListener("input", function () {
    updateCounter();
    // Errors about the text itself go away once it is fixed; a delivery error stays in view.
    const fixedEmpty = shownError === "empty_message" && input.value.trim() !== "";
    const fixedLength = shownError === "message_too_long" && charCount(input.value) <= LIMIT;
    if (fixedEmpty || fixedLength) {
      clearError();
    }
  });

  updateCounter();
  openEvents();
})();
