"""`vpt org-sector` on a real SQLite database: the sector the figures group by."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import Organisation


def test_org_sector_sets_the_sector_and_refuses_an_unknown_one(monkeypatch, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["org-sector", "--org", "Gemeente Aadorp", "openbaar_bestuur"]) == 0
    assert "openbaar_bestuur" in capsys.readouterr().out
    with make_session_factory(engine)() as session:
        org = session.scalar(select(Organisation).where(Organisation.name == "Gemeente Aadorp"))
        assert org.sector == "openbaar_bestuur"
    with pytest.raises(SystemExit):
        main(["org-sector", "--org", "Gemeente Aadorp", "ziekenhuis"])
    engine.dispose()
