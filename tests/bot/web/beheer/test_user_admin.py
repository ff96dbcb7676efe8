"""The admin manages users and organisations in the browser: add a user (initial password,
the code app at the first sign-in), give and take roles, block a user (their sessions end),
end sessions, add an organisation; every change audited; nothing of a case on these pages;
another organisation's user is 404 on every user route."""

from __future__ import annotations

import re

import pytest

from bot.storage.models import AuditEvent, DashboardSession, DashboardUser, Organisation
from bot.web.app import create_app
from tests.bot.web.beheer.conftest import ORG_A, ORG_B

LINK_SHOWN = re.compile(r"Link: <code[^>]*>https?://[^/]+(/beheer/welkom/[A-Za-z0-9_-]{43})</code>")
NEW_PASSWORD = "mijn eigen lange wachtwoord"


def _user_id(world, name: str) -> int:
    with world.factory() as session:
        return session.query(DashboardUser).filter_by(email=world.users[name]).one().id


def _org_id(world, name: str) -> int:
    with world.factory() as session:
        return session.query(Organisation).filter_by(name=name).one().id


def _last_audit(world, count: int = 1) -> list[tuple]:
    with world.factory() as session:
        rows = session.query(AuditEvent).order_by(AuditEvent.id.desc()).limit(count).all()
        return [(r.action, r.user_id, r.object_type, r.object_id) for r in reversed(rows)]


async def _add_nina(admin, world) -> str:
    await admin.get("/beheer/gebruikers")
    response = await admin.post(
        "/beheer/gebruikers",
        {"naam": "Nina Nieuw", "email": "Nina@Gemeente.nl", "organisatie": _org_id(world, ORG_A),
         "rol": "coordinator"},
    )  # fmt: skip
    assert response.status == 200, response.body_text
    return LINK_SHOWN.search(response.body_text).group(1)


async def test_admin_adds_a_user_who_chooses_a_password_with_the_link_then_enrols(
    dashboard_client, world
):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    page = await admin.get("/beheer/gebruikers")
    assert "Gebruiker toevoegen" in page.body_text
    assert "coordinator_b@example.nl" not in page.body_text  # another organisation's user
    link = await _add_nina(admin, world)
    with world.factory() as session:
        nina = session.query(DashboardUser).filter_by(email="nina@gemeente.nl").one()
        assert [(m.organisation.name, m.role) for m in nina.memberships] == [(ORG_A, "coordinator")]
        assert nina.password_hash is None and nina.totp_enrolled_at is None
        assert nina.enrol_token_sha256 and link.rsplit("/", 1)[1] not in nina.enrol_token_sha256
    admin_id = _user_id(world, "admin_a")
    assert _last_audit(world, 2) == [
        ("user_added", admin_id, "user", str(nina.id)),
        ("role_added:coordinator", admin_id, "user", str(nina.id)),
    ]
    newcomer = await dashboard_client()
    page = await newcomer.get(link)
    assert page.status == 200 and "Kies een wachtwoord" in page.body_text
    short = await newcomer.post(link, {"password": "kort", "password2": "kort"})
    assert short.status == 400 and "minstens 12 tekens" in short.body_text
    differs = await newcomer.post(link, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert differs.status == 400
    chosen = await newcomer.post(link, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert chosen.status == 303 and chosen.headers["Location"] == "/beheer/instellen"
    blocked = await newcomer.get("/beheer/", allow_redirects=False)
    assert blocked.headers["Location"] == "/beheer/code"  # nothing opens before the code app
    assert _last_audit(world)[0][:2] == ("password_set", nina.id)
    # The link works once.
    again = await (await dashboard_client()).get(link)
    assert again.status == 410 and "Deze link werkt niet meer" in again.body_text
    # The password chosen with it is the one that signs in.
    other = await dashboard_client()
    await other.get("/beheer/inloggen")
    response = await other.post(
        "/beheer/inloggen", {"email": "nina@gemeente.nl", "password": NEW_PASSWORD}
    )
    assert response.status == 303


async def test_an_expired_link_does_not_work_and_a_new_one_replaces_it(dashboard_client, world):
    from datetime import timedelta

    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    old = await _add_nina(admin, world)
    world.clock.advance(timedelta(days=7, seconds=1))
    newcomer = await dashboard_client()
    assert (await newcomer.get(old)).status == 410
    await newcomer.get("/beheer/inloggen")  # the pre-login CSRF token (the 410 page has no form)
    response = await newcomer.post(old, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status == 410
    assert _last_audit(world)[0][0] == "enrolment_link_refused"
    await admin.sign_in("admin_a")
    with world.factory() as session:
        nina_id = session.query(DashboardUser).filter_by(email="nina@gemeente.nl").one().id
    await admin.get(f"/beheer/gebruikers/{nina_id}")
    fresh = await admin.post(f"/beheer/gebruikers/{nina_id}/link", {})
    assert fresh.status == 200
    link = LINK_SHOWN.search(fresh.body_text).group(1)
    assert link != old
    assert _last_audit(world)[0][:2] == ("enrolment_link_made", _user_id(world, "admin_a"))
    await newcomer.get(link)
    response = await newcomer.post(link, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status == 303
    # An enrolled user needs no link.
    enrolled = _user_id(world, "coordinator_a")
    await admin.get(f"/beheer/gebruikers/{enrolled}")
    assert (await admin.post(f"/beheer/gebruikers/{enrolled}/link", {})).status == 400


async def test_adding_a_user_with_a_bad_form_changes_nothing(dashboard_client, world):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    await admin.get("/beheer/gebruikers")
    with world.factory() as session:
        before = session.query(DashboardUser).count()
    bad = [
        {"naam": "X", "email": "geen-adres", "organisatie": _org_id(world, ORG_A), "rol": "coordinator"},
        {"naam": "X", "email": "x@y.nl", "organisatie": _org_id(world, ORG_B), "rol": "coordinator"},
        {"naam": "X", "email": "x@y.nl", "organisatie": _org_id(world, ORG_A), "rol": "god"},
        {"naam": "X", "email": world.users["coordinator_b"], "organisatie": _org_id(world, ORG_A), "rol": "manager"},
    ]  # fmt: skip
    for form in bad:
        response = await admin.post("/beheer/gebruikers", form)
        assert response.status == 400, form
        assert 'role="alert"' in response.body_text
    with world.factory() as session:
        assert session.query(DashboardUser).count() == before


async def test_admin_gives_and_takes_a_role(dashboard_client, world):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    user_id = _user_id(world, "manager_a")
    await admin.get(f"/beheer/gebruikers/{user_id}")
    org = _org_id(world, ORG_A)
    response = await admin.post(
        f"/beheer/gebruikers/{user_id}/rol", {"organisatie": org, "rol": "coordinator"}
    )
    assert response.status == 303
    page = await admin.get(f"/beheer/gebruikers/{user_id}")
    assert "Rol coördinator weghalen" in page.body_text
    response = await admin.post(
        f"/beheer/gebruikers/{user_id}/rol-weg", {"organisatie": org, "rol": "manager"}
    )
    assert response.status == 303
    with world.factory() as session:
        roles = [m.role for m in session.get(DashboardUser, user_id).memberships]
    assert roles == ["coordinator"]
    assert [a[0] for a in _last_audit(world, 2)] == [
        "role_added:coordinator",
        "role_removed:manager",
    ]
    # The role takes effect at once: the user's next request sees the cases.
    user = await dashboard_client()
    await user.sign_in("manager_a")
    assert (await user.get("/beheer/meldingen", allow_redirects=False)).status == 200


async def test_a_users_last_role_cannot_be_taken_away_so_they_stay_in_sight(
    dashboard_client, world
):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    user_id = _user_id(world, "manager_a")
    page = await admin.get(f"/beheer/gebruikers/{user_id}")
    response = await admin.post(
        f"/beheer/gebruikers/{user_id}/rol-weg",
        {"organisatie": _org_id(world, ORG_A), "rol": "manager"},
    )
    assert response.status == 400 and "Blokkeer de gebruiker dan" in response.body_text
    with world.factory() as session:
        assert [m.role for m in session.get(DashboardUser, user_id).memberships] == ["manager"]
    assert page.status == 200


async def test_admin_cannot_remove_their_own_admin_role_or_block_themselves(
    dashboard_client, world
):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    me = _user_id(world, "admin_a")
    await admin.get(f"/beheer/gebruikers/{me}")
    response = await admin.post(
        f"/beheer/gebruikers/{me}/rol-weg", {"organisatie": _org_id(world, ORG_A), "rol": "admin"}
    )
    assert response.status == 400
    response = await admin.post(f"/beheer/gebruikers/{me}/actief", {"actief": "nee"})
    assert response.status == 400
    with world.factory() as session:
        user = session.get(DashboardUser, me)
        assert user.active and [m.role for m in user.memberships] == ["admin"]


async def test_blocking_a_user_ends_their_sessions_and_their_sign_in(dashboard_client, world):
    coordinator = await dashboard_client()
    await coordinator.sign_in("coordinator_a")
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    user_id = _user_id(world, "coordinator_a")
    page = await admin.get(f"/beheer/gebruikers/{user_id}")
    assert "<dt>Open sessies</dt><dd>1</dd>" in page.body_text
    response = await admin.post(f"/beheer/gebruikers/{user_id}/actief", {"actief": "nee"})
    assert response.status == 303
    gone = await coordinator.get("/beheer/", allow_redirects=False)
    assert gone.status == 303 and gone.headers["Location"] == "/beheer/inloggen"
    with world.factory() as session:
        assert (
            session.query(DashboardSession).filter_by(user_id=user_id, revoked_at=None).count() == 0
        )
    assert _last_audit(world)[0][:2] == ("user_disabled", _user_id(world, "admin_a"))
    await admin.get(f"/beheer/gebruikers/{user_id}")
    await admin.post(f"/beheer/gebruikers/{user_id}/actief", {"actief": "ja"})
    await coordinator.sign_in("coordinator_a")  # fails the test when refused
    assert _last_audit(world)[0][0] == "sign_in"


async def test_ending_sessions_signs_the_user_out_everywhere(dashboard_client, world):
    first, second = await dashboard_client(), await dashboard_client()
    await first.sign_in("coordinator_a")
    await second.sign_in("coordinator_a")
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    user_id = _user_id(world, "coordinator_a")
    await admin.get(f"/beheer/gebruikers/{user_id}")
    assert (await admin.post(f"/beheer/gebruikers/{user_id}/sessies", {})).status == 303
    for client in (first, second):
        assert (await client.get("/beheer/", allow_redirects=False)).status == 303
    assert _last_audit(world)[0] == (
        "sessions_revoked",
        _user_id(world, "admin_a"),
        "user",
        str(user_id),
    )


async def test_admin_adds_an_organisation_and_becomes_its_admin(dashboard_client, world):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    page = await admin.get("/beheer/organisaties")
    assert ORG_A in page.body_text and ORG_B not in page.body_text
    response = await admin.post("/beheer/organisaties", {"naam": "  Gemeente   Cedorp "})
    assert response.status == 303
    page = await admin.get("/beheer/organisaties")
    assert "Gemeente Cedorp" in page.body_text
    again = await admin.post("/beheer/organisaties", {"naam": "Gemeente Cedorp"})
    assert again.status == 400
    assert [a[0] for a in _last_audit(world, 2)] == ["organisation_added", "role_added:admin"]
    users = await admin.get("/beheer/gebruikers")
    assert '<option value="' in users.body_text and "Gemeente Cedorp</option>" in users.body_text


@pytest.mark.parametrize("role", ["coordinator", "aftercare", "manager"])
async def test_other_roles_get_403_on_the_admin_pages(dashboard_client, world, role):
    client = await dashboard_client()
    await client.sign_in(f"{role}_a")
    for path in ("/beheer/gebruikers", f"/beheer/gebruikers/{_user_id(world, role + '_a')}",
                 "/beheer/organisaties"):  # fmt: skip
        assert (await client.get(path, allow_redirects=False)).status == 403, path
    response = await client.post("/beheer/organisaties", {"naam": "Nieuwe gemeente"})
    assert response.status == 403
    with world.factory() as session:
        assert session.query(Organisation).filter_by(name="Nieuwe gemeente").count() == 0


async def test_admin_pages_show_no_case_content(dashboard_client, world):
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    for path in ("/beheer/gebruikers", "/beheer/organisaties",
                 f"/beheer/gebruikers/{_user_id(world, 'coordinator_a')}"):  # fmt: skip
        page = await admin.get(path)
        assert page.status == 200
        assert "spuugde" not in page.body_text and "Sanne" not in page.body_text


def _user_routes(app):
    for resource in app.router.resources():
        sub = getattr(resource, "_app", None)
        if sub is None:
            continue
        for route in sub.router.routes():
            info = route.resource.get_info()
            path = info.get("formatter") or info.get("path")
            if path and "{user_id}" in path:
                yield route.method, path


async def test_another_organisations_user_is_404_on_every_user_route(dashboard_client, world):
    other = _user_id(world, "coordinator_b")
    admin = await dashboard_client()
    await admin.sign_in("admin_a")
    await admin.get("/beheer/gebruikers")
    tried = 0
    for method, template in _user_routes(create_app(world.settings)):
        path = "/beheer" + template.replace("{user_id}", str(other))
        if method == "GET":
            response = await admin.get(path, allow_redirects=False)
        else:
            form = {"organisatie": _org_id(world, ORG_A), "rol": "admin", "actief": "nee"}
            response = await admin.post(path, form)
        assert response.status == 404, (method, path)
        tried += 1
    assert tried >= 6
    with world.factory() as session:
        user = session.get(DashboardUser, other)
        assert user.active and [m.role for m in user.memberships] == ["coordinator"]
