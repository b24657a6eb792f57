"""What every Shippo mapping shares: the origin of a fact, field paths, references and plain context."""

from __future__ import annotations

from typing import ClassVar

from adapters.toolkit import Reader
from adapters.toolkit.facts import ObjectOrigin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import content_version as content_version
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import plain as plain
from adapters.toolkit.facts import reader as reader
from adapters.toolkit.facts import unique as unique

SYSTEM = "shippo"


class Origin(ObjectOrigin):
    """One Shippo object as the source of facts: its identity, the order references it carries, its payload."""

    system: ClassVar[str] = SYSTEM


def message_texts(r: Reader) -> list[str]:
    """Carrier messages as text (why a label purchase failed)."""
    found = []
    for message in r.items("messages"):
        text = message.text("text")
        if text:
            code = f" {message.text('code')}" if message.text("code") else ""
            found.append(f"{message.text('source') or 'Shippo'}{code}: {text}")
    return found


def required_text(r: Reader, name: str) -> str:
    """A required field as text."""
    return str(r.required(name))


