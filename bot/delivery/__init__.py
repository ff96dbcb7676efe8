"""The follow-up worker process and its outbound clients (Rasa, Telegram, the web chat)."""
