"""Alembic environment: the hub passes its engine's connection in `config.attributes["connection"]`."""

from __future__ import annotations

from alembic import context

from hub.schema import metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `hub db upgrade`, which supplies the database connection")
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
