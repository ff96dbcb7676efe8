"""OIDC sign-in against a provider on loopback that enforces PKCE: success, the roles claim,
and every way a sign-in is refused (state, nonce, issuer, audience, expiry, signature, role,
disabled user): always the one generic message, always an audit row with the reason code."""

from __future__ import annotations

import pytest
from joserfc.jwk import RSAKey

from bot.services.oidc import claim_values, grants_from_claims, pkce_challenge
from bot.settings import parse_role_map
from bot.storage.models import AuditEvent, DashboardSession, DashboardUser
from bot.web.app import create_app
from tests.bot.web.beheer.conftest import ORG_A, Browserless
from tests.bot.web.beheer.oidc_fake import CLIENT_ID, CLIENT_SECRET, FakeProvider

GENERIC = "Inloggen via je organisatie lukt niet."
ROLE_MAP = f"vpt-coordinator=coordinator@{ORG_A}; vpt-manager=manager@{ORG_A}"


@pytest.fixture
async def provider(aiohttp_server, world):
    fake = FakeProvider(world.clock.now)
    server = await aiohttp_server(fake.make_app(), host="127.0.0.1")
    fake.issuer = str(server.make_url("")).rstrip("/")
    return fake


@pytest.fixture
async def oidc_client(aiohttp_server, aiohttp_client, world, provider):
    settings = world.settings.with_overrides(
        oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
        oidc_role_map=ROLE_MAP,
    )  # fmt: skip
    app = create_app(settings, dashboard_clock=world.clock)
    server = await aiohttp_server(app)
    import aiohttp

    session = aiohttp.ClientSession(
        base_url=str(server.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )
    yield Browserless(session, world)
    await session.close()


async def _start(client) -> str:
    page = await client.get("/beheer/inloggen")
    assert 'href="/beheer/oidc/start"' in page.body_text
    response = await client.get("/beheer/oidc/start", allow_redirects=False)
    assert response.status == 303
    return response.headers["Location"]


async def _sign_in(client, provider, *, state: str | None = None, extra: str = ""):
    location = await _start(client)
    code, params = provider.authorize(location)
    sent_state = params["state"] if state is None else state
    return await client.get(
        f"/beheer/oidc/terug?code={code}&state={sent_state}{extra}", allow_redirects=False
    )


def _audit(world) -> list[tuple[str, str | None, str | None]]:
    with world.factory() as session:
        return [
            (e.action, e.object_type, e.object_id)
            for e in session.query(AuditEvent).order_by(AuditEvent.id)
        ]


async def test_the_start_link_sends_the_browser_with_pkce_state_and_nonce(oidc_client, provider):
    location = await _start(oidc_client)
    _, params = provider.authorize(location)
    assert location.startswith(f"{provider.issuer}/authorize?")
    assert params["response_type"] == "code" and params["client_id"] == CLIENT_ID
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 43 and len(params["nonce"]) >= 43
    assert params["state"] != params["nonce"]
    assert params["redirect_uri"].endswith("/beheer/oidc/terug")
    assert params["scope"] == "openid profile email"


async def test_oidc_sign_in_creates_the_user_with_the_mapped_role(oidc_client, provider, world):
    response = await _sign_in(oidc_client, provider)
    assert response.status == 303, response.body_text
    assert response.headers["Location"] == "/beheer/"
    home = await oidc_client.get("/beheer/")
    assert ">Werklijst</h1>" in home.body_text
    assert "Olga OIDC" in home.body_text
    with world.factory() as session:
        user = session.query(DashboardUser).filter_by(oidc_sub="u-1").one()
        assert user.oidc_issuer == provider.issuer and user.password_hash is None
        assert [(m.organisation.name, m.role) for m in user.memberships] == [(ORG_A, "coordinator")]
        session_row = session.query(DashboardSession).filter_by(user_id=user.id).one()
        assert session_row.mfa and session_row.revoked_at is None
    actions = [a for a, _, _ in _audit(world)]
    assert actions[-3:] == ["user_added_oidc", "role_added:coordinator", "sign_in_oidc"]


async def test_roles_follow_the_claim_at_every_sign_in(oidc_client, provider, world):
    assert (await _sign_in(oidc_client, provider)).status == 303
    provider.claims = {"roles": ["vpt-manager"]}
    assert (await _sign_in(oidc_client, provider)).status == 303
    with world.factory() as session:
        user = session.query(DashboardUser).filter_by(oidc_sub="u-1").one()
        assert [m.role for m in user.memberships] == ["manager"]
        # The browser's earlier session ended when the new one began.
        rows = session.query(DashboardSession).filter_by(user_id=user.id)
        assert [r.revoked_at is None for r in rows.order_by(DashboardSession.id)] == [False, True]
    assert ("role_removed:coordinator", "user", str(user.id)) in _audit(world)


REFUSALS = {
    "nonce": dict(claims={"nonce": "not-the-one-we-sent"}),
    "issuer": dict(claims={"iss": "https://evil.example"}),
    "audience": dict(claims={"aud": "another-client"}),
    "expired": dict(claims={"exp": 1_700_000_000}),
    "no_role": dict(claims={"roles": ["something-else"]}),
}


@pytest.mark.parametrize("reason", sorted(REFUSALS))
async def test_a_spoiled_id_token_is_refused_with_the_generic_message(
    oidc_client, provider, world, reason
):
    provider.claims = REFUSALS[reason]["claims"]
    response = await _sign_in(oidc_client, provider)
    _assert_refused(response, world, reason)


async def test_a_missing_nonce_is_refused(oidc_client, provider, world):
    provider.drop = {"nonce"}
    _assert_refused(await _sign_in(oidc_client, provider), world, "nonce")


async def test_a_wrong_state_is_refused_before_the_code_is_used(oidc_client, provider, world):
    response = await _sign_in(oidc_client, provider, state="forged-state")
    _assert_refused(response, world, "state")
    assert provider.token_calls == 0


async def test_a_wrong_iss_parameter_is_refused(oidc_client, provider, world):
    response = await _sign_in(oidc_client, provider, extra="&iss=https%3A%2F%2Fevil.example")
    _assert_refused(response, world, "issuer")


async def test_a_callback_without_a_started_flow_is_refused(oidc_client, world):
    response = await oidc_client.get("/beheer/oidc/terug?code=x&state=y", allow_redirects=False)
    _assert_refused(response, world, "no_flow")


async def test_a_token_signed_with_another_key_is_refused(oidc_client, provider, world):
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    _assert_refused(await _sign_in(oidc_client, provider), world, "signature")


async def test_an_unknown_key_id_is_looked_up_again_then_refused(oidc_client, provider, world):
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k2"})
    _assert_refused(await _sign_in(oidc_client, provider), world, "unknown_key")


async def test_a_rotated_key_is_fetched_and_accepted(oidc_client, provider, world):
    assert (await _sign_in(oidc_client, provider)).status == 303  # JWKS with k1 is now cached
    provider.key = provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k2"})
    assert (await _sign_in(oidc_client, provider)).status == 303


async def test_a_user_disabled_here_stays_out(oidc_client, provider, world):
    assert (await _sign_in(oidc_client, provider)).status == 303
    with world.factory() as session, session.begin():
        session.query(DashboardUser).filter_by(oidc_sub="u-1").one().active = False
    _assert_refused(await _sign_in(oidc_client, provider), world, "disabled")


async def test_an_oidc_user_has_no_password_sign_in(oidc_client, provider, world):
    assert (await _sign_in(oidc_client, provider)).status == 303
    other = Browserless(oidc_client.session, world)
    await other.post("/beheer/uitloggen", {})
    await other.get("/beheer/inloggen")
    response = await other.post("/beheer/inloggen", {"email": "olga@gemeente.nl", "password": ""})
    assert response.status == 401


async def test_an_email_of_an_existing_local_user_is_not_taken_over(oidc_client, provider, world):
    provider.claims = {"email": world.users["coordinator_a"]}
    _assert_refused(await _sign_in(oidc_client, provider), world, "email_in_use")


async def test_without_oidc_settings_the_routes_are_404(dashboard_client):
    client = await dashboard_client()
    page = await client.get("/beheer/inloggen")
    assert "oidc/start" not in page.body_text
    assert (await client.get("/beheer/oidc/start", allow_redirects=False)).status == 404
    assert (await client.get("/beheer/oidc/terug", allow_redirects=False)).status == 404


def _assert_refused(response, world, reason: str) -> None:
    assert response.status == 401, (reason, response.status)
    assert GENERIC in response.body_text
    assert "vpt_beheer=" not in response.headers.get("Set-Cookie", "")
    assert _audit(world)[-1] == ("sign_in_failed", "oidc", reason)
    # No session was made by the refused attempt: one per successful OIDC sign-in, no more.
    successes = [a for a, _, _ in _audit(world) if a == "sign_in_oidc"]
    with world.factory() as session:
        oidc_users = session.query(DashboardUser.id).filter(DashboardUser.oidc_sub.isnot(None))
        made = session.query(DashboardSession).filter(DashboardSession.user_id.in_(oidc_users))
        assert made.count() == len(successes)


def test_pkce_challenge_is_the_rfc_7636_example():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_roles_are_read_from_a_nested_claim_for_keycloak():
    claims = {"resource_access": {"vpt": {"roles": ["coordinator", "x"]}}, "roles": "admin"}
    role_map = parse_role_map("coordinator=coordinator@Gemeente X; admin=admin@Gemeente X")
    assert claim_values(claims, "resource_access.vpt.roles") == ["coordinator", "x"]
    assert grants_from_claims(claims, "resource_access.vpt.roles", role_map) == [
        ("Gemeente X", "coordinator")
    ]
    assert grants_from_claims(claims, "roles", role_map) == [("Gemeente X", "admin")]
    assert grants_from_claims(claims, "groups", role_map) == []


async def test_an_unreachable_provider_gives_the_generic_message(aiohttp_server, world):
    import aiohttp

    settings = world.settings.with_overrides(
        oidc_issuer="http://127.0.0.1:9", oidc_client_id=CLIENT_ID, oidc_role_map=ROLE_MAP
    )  # port 9 (discard): nothing listens there
    server = await aiohttp_server(create_app(settings, dashboard_clock=world.clock))
    async with aiohttp.ClientSession(base_url=str(server.make_url("/"))) as session:
        client = Browserless(session, world)
        response = await client.get("/beheer/oidc/start", allow_redirects=False)
    assert response.status == 503 and GENERIC in response.body_text
    assert _audit(world)[-1] == ("sign_in_failed", "oidc", "discovery")
