"""What every EasyPost mapping shares: the origin of a fact, field paths, references, fees and plain context."""

from __future__ import annotations

from typing import ClassVar

from adapters.toolkit import Reader
from adapters.toolkit.facts import ObjectOrigin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import plain as plain
from adapters.toolkit.facts import reader as reader
from adapters.toolkit.facts import unique as unique

SYSTEM = "easypost"
# EasyPost documents Fee.amount as "USD value with sub-cent precision": fees never name a currency.
FEE_CURRENCY = "USD"


class Origin(ObjectOrigin):
    """One EasyPost object as the source of facts: its identity, the order references it carries, its payload."""

    system: ClassVar[str] = SYSTEM


def shipment_references(r: Reader) -> tuple[str, ...]:
    """Order references a shipment carries: its reference, the invoice number and the print_custom fields."""
    options = r.child("options")
    extra = [options.text(name) for name in ("invoice_number", "print_custom_1", "print_custom_2", "print_custom_3")] \
        if options else []
    return unique([r.text("reference"), *extra])


def message_texts(r: Reader) -> list[str]:
    """Carrier and rating messages as text (why a rate or purchase failed)."""
    found = []
    for message in r.items("messages"):
        text = message.text("message")
        if text:
            found.append(f"{message.text('carrier') or message.text('type') or 'EasyPost'}: {text}")
    return found


def required_text(r: Reader, name: str) -> str:
    """A required field as text."""
    return str(r.required(name))
