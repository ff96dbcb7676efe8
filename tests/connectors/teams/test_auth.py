"""The Teams channel's token checks and Bot Connector calls, against tests/teams_fake.py.

The real validator, key cache, token client and sender run; only the URLs point at the fake.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from connectors.teams.auth import AuthError, TokenClient, TokenValidator, host_allowed
from connectors.teams.send import ConnectorError, TeamsSender, classify_error
from tests.teams_fake import APP_PASSWORD, OTHER_TENANT, FakeTeams


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTeams]:
    server = FakeTeams()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def validator(fake: FakeTeams, http: httpx.AsyncClient, clock=time.monotonic, **kw):
    options = {
        "app_id": fake.app_id,
        "tenant_id": fake.tenant_id,
        "openid_url": fake.openid_url,
        "login_url": fake.url,
        "accept_entra": True,
        "channel_ids": ["msteams"],
    }
    options.update(kw)
    return TokenValidator(http=lambda: http, clock=clock, **options)


async def check(v: TokenValidator, token: str | None, activity: dict) -> None:
    caller = await v.check_token(f"Bearer {token}" if token else None)
    v.check_activity(caller, activity)


async def test_a_token_signed_as_microsoft_does_is_accepted(fake, http):
    await check(validator(fake, http), fake.sign(), fake.activity("u1", text="hoi"))


@pytest.mark.parametrize(
    "bad",
    [
        {"iss": "https://sts.windows.net/evil/"},
        {"aud": "https://api.botframework.com"},
        {"aud": "00000000-0000-0000-0000-000000000000"},
        {"exp": -600},  # seconds from the moment the test runs (not from collection)
        {"nbf": +600},
        {"exp": None},
    ],
    ids=["issuer", "audience-botframework", "audience-other-app", "expired", "not-yet", "no-exp"],
)
async def test_a_token_with_a_wrong_claim_is_refused_with_401(fake, http, bad):
    now = int(time.time())
    bad = {k: now + v if k in ("exp", "nbf") and v is not None else v for k, v in bad.items()}
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), fake.sign(**bad), fake.activity("u1", text="hoi"))
    assert refused.value.status == 401


async def test_a_token_signed_by_another_key_with_the_same_id_is_refused(fake, http):
    from tests.teams_fake import _new_key

    forged = fake.sign(key=_new_key())
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), forged, fake.activity("u1", text="hoi"))
    assert refused.value.status == 401


async def test_a_token_of_an_unknown_key_is_refused(fake, http):
    from tests.teams_fake import _new_key

    with pytest.raises(AuthError) as refused:
        await check(
            validator(fake, http), fake.sign(key=_new_key(), kid="nobody"), fake.activity("u1")
        )
    assert refused.value.status == 401


async def test_missing_or_malformed_authorization_is_refused(fake, http):
    v = validator(fake, http)
    for header in (None, "", "Basic abc", "Bearer not-a-jwt"):
        with pytest.raises(AuthError) as refused:
            await v.check_token(header)
        assert refused.value.status == 401


async def test_a_serviceurl_that_differs_from_the_token_is_refused_with_403(fake, http):
    token = fake.sign("https://smba.trafficmanager.net/emea/")
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), token, fake.activity("u1", text="hoi"))
    assert refused.value.status == 403


async def test_a_trailing_slash_does_not_make_the_serviceurl_differ(fake, http):
    token = fake.sign(fake.service_url.rstrip("/"))
    await check(validator(fake, http), token, fake.activity("u1", text="hoi"))


async def test_a_key_not_endorsed_for_msteams_is_refused_with_403(fake, http):
    token = fake.sign(key=fake.unendorsed_key, kid=fake.unendorsed_kid)
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), token, fake.activity("u1", text="hoi"))
    assert refused.value.status == 403


async def test_an_activity_of_another_tenant_is_refused_with_403(fake, http):
    with pytest.raises(AuthError) as refused:
        await check(
            validator(fake, http), fake.sign(), fake.activity("u1", text="x", tenant=OTHER_TENANT)
        )
    assert refused.value.status == 403


async def test_another_channel_than_teams_is_refused(fake, http):
    activity = fake.activity("u1", text="hoi", channelId="webchat")
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), fake.sign(), activity)
    assert refused.value.status == 403


async def test_an_entra_token_of_our_tenant_is_accepted(fake, http):
    await check(validator(fake, http), fake.sign_entra(), fake.activity("u1", text="hoi"))


async def test_entra_tokens_are_refused_when_the_setting_is_off(fake, http):
    with pytest.raises(AuthError) as refused:
        await check(
            validator(fake, http, accept_entra=False), fake.sign_entra(), fake.activity("u1")
        )
    assert refused.value.status == 401


@pytest.mark.parametrize(
    "bad",
    [
        {"tid": OTHER_TENANT},
        {"aud": "https://api.botframework.com"},
    ],
    ids=["tid-of-another-tenant", "audience-botframework"],
)
async def test_a_wrong_entra_token_is_refused(fake, http, bad):
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), fake.sign_entra(**bad), fake.activity("u1"))
    assert refused.value.status == 401


async def test_an_entra_issuer_of_another_tenant_is_refused(fake, http):
    token = fake.sign_entra(iss=f"{fake.url}/{OTHER_TENANT}/v2.0", tid=OTHER_TENANT)
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), token, fake.activity("u1"))
    assert refused.value.status == 401


async def test_a_botframework_issuer_signed_with_the_entra_key_is_refused(fake, http):
    token = fake.sign(key=fake.entra_key, kid=fake.entra_kid)
    with pytest.raises(AuthError) as refused:
        await check(validator(fake, http), token, fake.activity("u1"))
    assert refused.value.status == 401


async def test_keys_are_fetched_lazily_once_and_again_after_a_rotation(fake, http):
    clock = Clock()
    before = fake.key_fetches
    v = validator(fake, http, clock=clock)
    assert fake.key_fetches == before  # building the validator fetches nothing
    for _ in range(3):
        await check(v, fake.sign(), fake.activity("u1"))
    assert fake.key_fetches == before + 1
    fake.rotate()
    clock.now += 400  # past the unknown-key refetch interval
    await check(v, fake.sign(), fake.activity("u1"))
    assert fake.key_fetches == before + 2


async def test_unknown_key_ids_cannot_drive_key_fetches(fake, http):
    from tests.teams_fake import _new_key

    clock = Clock()
    v = validator(fake, http, clock=clock)
    await check(v, fake.sign(), fake.activity("u1"))
    before = fake.key_fetches
    for n in range(5):
        clock.now += 2
        with pytest.raises(AuthError):
            await check(v, fake.sign(key=_new_key(), kid=f"junk-{n}"), fake.activity("u1"))
    assert fake.key_fetches == before


async def test_no_reachable_keys_answers_503_and_the_next_call_fetches_again(http):
    clock = Clock()
    dead = FakeTeams()
    v = TokenValidator(
        app_id=dead.app_id,
        tenant_id=dead.tenant_id,
        openid_url="http://127.0.0.1:9/v1/.well-known/openidconfiguration",
        login_url="http://127.0.0.1:9",
        accept_entra=True,
        channel_ids=["msteams"],
        http=lambda: http,
        clock=clock,
    )
    with pytest.raises(AuthError) as refused:
        await v.check_token("Bearer " + dead.sign("http://x/"))
    assert refused.value.status == 503


# --- outbound ------------------------------------------------------------------------------------
def token_client(fake: FakeTeams, http, tenant: str | None = None) -> TokenClient:
    return TokenClient(
        login_url=fake.url,
        tenant_id=tenant or fake.tenant_id,
        app_id=fake.app_id,
        app_password=APP_PASSWORD,
        http=lambda: http,
    )


async def test_the_token_comes_from_the_tenant_endpoint_and_is_cached(fake, http):
    tokens = token_client(fake, http)
    before = len(fake.token_requests)
    first = await tokens.token()
    assert await tokens.token() == first
    assert len(fake.token_requests) == before + 1
    assert fake.token_requests[-1]["scope"] == "https://api.botframework.com/.default"


async def test_the_multi_tenant_token_endpoint_fails_for_a_single_tenant_bot(fake, http):
    with pytest.raises(httpx.HTTPStatusError) as failed:
        await token_client(fake, http, tenant="botframework.com").token()
    assert "AADSTS700016" in str(failed.value)


def sender(fake, http, hosts=("127.0.0.1",)) -> TeamsSender:
    async def no_sleep(seconds: float) -> None:
        return None

    return TeamsSender(lambda: http, token_client(fake, http), hosts, APP_PASSWORD, sleep=no_sleep)


async def test_a_429_is_retried_after_retry_after(fake, http):
    fake.failures["a:r429"] = [429, 429]
    await sender(fake, http).send(fake.service_url, "a:r429", "Hoe gaat het?")
    statuses = [c.status for c in fake.calls if c.path.endswith("/a:r429/activities")]
    assert statuses == [429, 429, 201]


async def test_a_403_is_permanent_and_not_retried(fake, http):
    fake.failures["a:r403"] = [403]
    with pytest.raises(ConnectorError) as failed:
        await sender(fake, http).send(fake.service_url, "a:r403", "Hoe gaat het?")
    assert classify_error(failed.value).status == "permanent"
    assert [c.status for c in fake.calls if c.path.endswith("/a:r403/activities")] == [403]


async def test_a_lasting_502_is_retryable(fake, http):
    fake.failures["a:r502"] = [502, 502, 502]
    with pytest.raises(ConnectorError) as failed:
        await sender(fake, http).send(fake.service_url, "a:r502", "Hoe gaat het?")
    assert classify_error(failed.value).status == "retryable"


async def test_no_token_goes_to_a_service_host_off_the_allowlist(fake, http):
    before = len(fake.token_requests)
    with pytest.raises(ConnectorError) as failed:
        await sender(fake, http, hosts=("smba.trafficmanager.net",)).send(
            fake.service_url, "a:x", "hoi"
        )
    assert classify_error(failed.value).status == "permanent"
    assert len(fake.token_requests) == before


def test_host_allowlist_matches_subdomains_and_needs_https_off_loopback():
    assert host_allowed("https://smba.trafficmanager.net/emea/", ["smba.trafficmanager.net"])
    assert host_allowed("https://contoso.sharepoint.com/x", ["sharepoint.com"])
    assert not host_allowed("https://sharepoint.com.evil.example/x", ["sharepoint.com"])
    assert not host_allowed("http://contoso.sharepoint.com/x", ["sharepoint.com"])
    assert host_allowed("http://127.0.0.1:8000/x", ["127.0.0.1"])
