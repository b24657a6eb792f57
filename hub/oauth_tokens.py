"""OAuth tokens of a connection kept in the database: the TokenStore of `adapters.toolkit.oauth` for the hub.

One `oauth_tokens` row per connection. The first refresh starts from the connection's `refresh_token`
credential and inserts the row; every later rotation replaces it with a compare-and-swap
(`UPDATE ... WHERE refresh_token = <the one the rotation started from>`), so when two workers refresh at
once exactly one pair is stored and the other worker reads and uses it. The row is written the moment the
partner answers and before the new access token is used (save before use: see the toolkit module for
why this keeps the sync alive across a crash). Every token loaded or saved is registered with
`hub.redaction.remember_secrets`, so no log line can carry it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.toolkit.oauth import OAuthTokens
from hub.redaction import remember_secrets
from hub.schema import oauth_tokens


def _stored(connection: Connection, name: str) -> OAuthTokens | None:
    row = connection.execute(select(oauth_tokens).where(oauth_tokens.c.connection == name)).first()
    if row is None:
        return None
    expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    tokens = OAuthTokens(row.access_token, row.refresh_token, expires_at)
    remember_secrets([tokens.access_token, tokens.refresh_token])
    return tokens


class DatabaseTokenStore:
    """The TokenStore over the hub's database; safe across processes sharing one PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def load(self, connection: str) -> OAuthTokens | None:
        return await asyncio.to_thread(self.load_now, connection)

    async def save(self, connection: str, replaces: str | None, tokens: OAuthTokens) -> OAuthTokens:
        return await asyncio.to_thread(self.save_now, connection, replaces, tokens)

    def load_now(self, name: str) -> OAuthTokens | None:
        with self.engine.connect() as connection:
            return _stored(connection, name)

    def save_now(self, name: str, replaces: str | None, tokens: OAuthTokens) -> OAuthTokens:
        """Store `tokens` if the row still holds `replaces` (no row when None); the stored pair afterwards."""
        remember_secrets([tokens.access_token, tokens.refresh_token])
        row = {"access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
               "expires_at": tokens.expires_at, "rotated_at": datetime.now(UTC)}
        try:
            with self.engine.begin() as connection:
                if replaces is None:
                    connection.execute(insert(oauth_tokens).values(connection=name, **row))
                    return tokens
                swapped = connection.execute(update(oauth_tokens).where(
                    oauth_tokens.c.connection == name, oauth_tokens.c.refresh_token == replaces).values(**row))
                if swapped.rowcount == 1:
                    return tokens
        except IntegrityError:
            pass  # another worker inserted the first pair in the meantime: theirs stands
        with self.engine.connect() as connection:
            stored = _stored(connection, name)
        if stored is None:
            raise LookupError(f"oauth_tokens: connection {name} has no stored tokens to replace")
        return stored
