"""Engine creation and schema migration; the only place that knows database URLs."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"
READ_ONLY = "hub_read_only"


def database_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets WAL and writers that take the lock at BEGIN."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    # One writer at a time: a sync of many connections queues its pages behind each other, so a writer waits
    # as long as a few large pages take to fold rather than failing with "database is locked".
    engine = create_engine(parsed, connect_args={"timeout": 120})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # The driver's own transaction handling is switched off so BEGIN IMMEDIATE below takes effect.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        # Writers take the lock up front: the audit chain reads its head and then writes after it.
        # Readers begin deferred, so queries never wait on (or block) ingest.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def read_connection(engine: Engine) -> Connection:
    """A connection for one consistent read: a snapshot on PostgreSQL, a deferred transaction on SQLite."""
    connection = engine.connect().execution_options(**{READ_ONLY: True})
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return connection


def alembic_config(connection: object | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def is_current(engine: Engine) -> bool:
    return "events" in inspect(engine).get_table_names()
