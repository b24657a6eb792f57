"""API keys: shown once, stored as a hash, revoked at once, managed with `hub keys`, audited by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from hub.auth.keys import KeyRequestError, authenticate_key, create_key, list_keys, revoke_key
from hub.auth.principal import Principal
from hub.cli import main
from hub.db import database_engine
from hub.schema import api_keys, audit_log


def test_a_key_authenticates_as_its_role_and_only_its_hash_is_stored(engine: Engine) -> None:
    issued = create_key(engine, "finance", "month-end")
    assert issued.secret.startswith(f"hubk_{issued.key.id}_") and len(issued.secret) == 5 + 12 + 1 + 43
    assert authenticate_key(engine, issued.secret) == Principal("key", "month-end", "finance")
    secret_part = issued.secret[18:]
    with engine.connect() as connection:
        stored = [str(value) for row in connection.execute(select(api_keys)) for value in row]
        logged = [str(value) for row in connection.execute(select(audit_log)) for value in row]
    assert not any(secret_part in value for value in stored + logged)


@pytest.mark.parametrize("tamper", [
    lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),  # one character of the secret
    lambda key: "hubk_000000000000_" + key[18:],  # the secret under another id
    lambda key: key + "x",
    lambda key: "hubk_nothing",
])
def test_a_mistyped_key_does_not_authenticate(engine: Engine, tamper: Callable[[str], str]) -> None:
    issued = create_key(engine, "admin", "ops")
    assert authenticate_key(engine, tamper(issued.secret)) is None


def test_revoking_by_name_or_id_stops_the_key_at_once(engine: Engine) -> None:
    first, second = create_key(engine, "sales", "crm"), create_key(engine, "warehouse", "scanner")
    revoke_key(engine, "crm")
    revoke_key(engine, second.key.id)
    assert authenticate_key(engine, first.secret) is None and authenticate_key(engine, second.secret) is None
    assert list_keys(engine) == []
    assert [key.name for key in list_keys(engine, include_revoked=True)] == ["crm", "scanner"]
    with pytest.raises(KeyRequestError, match="no active key"):
        revoke_key(engine, "crm")
    assert create_key(engine, "sales", "crm").key.role == "sales"  # the name is free again


def test_names_and_roles_are_checked(engine: Engine) -> None:
    create_key(engine, "admin", "ops")
    with pytest.raises(KeyRequestError, match="already named 'ops'"):
        create_key(engine, "admin", "ops")
    with pytest.raises(KeyRequestError, match="unknown role 'boss'"):
        create_key(engine, "boss", "x")
    with pytest.raises(KeyRequestError, match="key name"):
        create_key(engine, "admin", "has spaces")


def test_creating_and_revoking_are_audited_under_the_acting_user(engine: Engine) -> None:
    issued = create_key(engine, "auditor", "big-four")
    revoke_key(engine, "big-four")
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.subject, audit_log.c.details)
                                  .order_by(audit_log.c.seq)).all()
    assert [(row.action, row.subject) for row in rows] == [("key.created", "key:big-four"),
                                                           ("key.revoked", "key:big-four")]
    assert rows[0].details == {"key_id": issued.key.id, "role": "auditor"}


def test_hub_keys_create_list_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    assert main(["keys", "create", "--role", "warehouse", "--name", "reno-scanner"]) == 0
    created = capsys.readouterr()
    key = created.out.strip()
    assert "shown only now" in created.err and key.startswith("hubk_") and key not in created.err
    engine = database_engine(url)
    assert authenticate_key(engine, key) == Principal("key", "reno-scanner", "warehouse")
    assert main(["keys", "create", "--role", "warehouse", "--name", "reno-scanner"]) == 2
    assert "already named" in capsys.readouterr().err
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "reno-scanner" in listing and "warehouse" in listing and key[18:] not in listing
    assert main(["keys", "revoke", "reno-scanner"]) == 0
    assert authenticate_key(engine, key) is None
    assert main(["keys", "revoke", "reno-scanner"]) == 2
    with engine.connect() as connection:
        actors = set(connection.execute(select(audit_log.c.actor)).scalars())
    engine.dispose()
    assert len(actors) == 1 and actors.pop().startswith("cli:")
