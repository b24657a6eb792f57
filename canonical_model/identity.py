"""Identities: where a fact came from, and ids derived from that so the same fact always has the same id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property


def stable_digest(*parts: str) -> str:
    """sha256 hex of the parts, joined so that no two different part lists collide."""
    # Unit separator keeps ("a|b", "c") and ("a", "b|c") apart.
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class SourceRef:
    """The source object a fact was read from: system, account, object type, object id and its version."""

    system: str
    account: str
    object_type: str
    object_id: str
    version: str


@dataclass(frozen=True)
class OrderRef:
    """An order as the channel that took it names it (e.g. shopify, shop account, order id 450789469)."""

    system: str
    account: str
    external_id: str

    @cached_property
    def order_id(self) -> str:
        """The hub's order id: stable, derived from the channel's identity of the order."""
        return "ord_" + stable_digest("order", self.system, self.account, self.external_id)[:20]


def event_id(source: SourceRef, event_type: str, key: str = "") -> str:
    """Id of an event: a digest of its source identity, its type and a key for several facts of one object."""
    return "ev_" + stable_digest(
        source.system, source.account, source.object_type, source.object_id, source.version, event_type, key
    )[:32]


def content_hash(data: bytes) -> str:
    """Address of a raw payload: sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def short_hash(text: str) -> str:
    """A short digest used to tell apart different contents stated under one source version."""
    return stable_digest(text)[:12]
