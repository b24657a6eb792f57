"""The audit chain proves itself and names the first entry that was altered or removed."""

from __future__ import annotations

from sqlalchemy import Engine, delete, func, select, update

from hub.audit import AuditRecord, append_audit, verify_chain
from hub.event_store import append
from hub.schema import audit_log
from tests.builders import order_placed, refunded, shipped


def _filled(engine: Engine) -> None:
    with engine.begin() as connection:
        append(connection, [order_placed(), *shipped(), refunded()])
        append_audit(connection, [AuditRecord("discrepancy.acknowledged", "x", "checked with the warehouse", {})],
                     actor="key:finance-lead")


def test_intact_chain_verifies(engine: Engine) -> None:
    _filled(engine)
    with engine.connect() as connection:
        check = verify_chain(connection)
    assert check.intact and check.entries == 6


def test_altered_entry_is_named(engine: Engine) -> None:
    _filled(engine)
    with engine.begin() as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 3).values(summary="nothing happened"))
    with engine.connect() as connection:
        check = verify_chain(connection)
    assert check.broken_seq == 3 and "altered" in (check.reason or "")


def test_deleted_entry_is_named(engine: Engine) -> None:
    _filled(engine)
    with engine.begin() as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq == 2))
    with engine.connect() as connection:
        assert verify_chain(connection).broken_seq == 2


def test_deleted_tail_is_detected(engine: Engine) -> None:
    _filled(engine)
    with engine.begin() as connection:
        last = connection.execute(select(func.max(audit_log.c.seq))).scalar_one()
        connection.execute(delete(audit_log).where(audit_log.c.seq == last))
    with engine.connect() as connection:
        assert verify_chain(connection).broken_seq == last


def test_actor_is_recorded(engine: Engine) -> None:
    _filled(engine)
    with engine.connect() as connection:
        actors = connection.execute(select(audit_log.c.actor).order_by(audit_log.c.seq)).scalars().all()
    assert actors[-1] == "key:finance-lead" and actors[0] == "system"
