"""The order references a Stripe object carries, for the hub to match: metadata keys and order numbers in text.

Stripe is a payment processor, never the channel that took the order, so its objects only point at
orders: integrations put the order id or number in `metadata` (WooCommerce's `order_id`, a shop's
`order_number`) or write it into the description and statement descriptor ("Order #1001").

Those references sit on the charge (and its payment intent); a refund, a dispute or a balance transaction
names its charge, often only by id (a webhook never expands it). So every fact about a charge also carries
the charge's followed reference (`@stripe:<account>:charge:<ch_...>`): once any of them names the order, the
hub links all of them to it, whichever came first.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.stripe.common import SYSTEM, link
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.followed_references import object_reference

_ORDER_KEYS = {"order", "orderid", "ordernumber", "ordername", "orderno", "orderref", "orderreference"}
_TEXT_FIELDS = ("description", "statement_descriptor", "statement_descriptor_suffix", "calculated_statement_descriptor")
# "Order #1001", "order no. 1001", "ORDER ORD-1001" name the order; so does a bare "#1001".
_ORDER_IN_TEXT = re.compile(
    r"\border\b\s*(?:no\.?|number|num|id)?\s*:?\s*(#?[a-z0-9][\w-]*\d[\w-]*)|(?<![\w#])(#\d+)\b",
    re.IGNORECASE,
)


def metadata_references(metadata: Any) -> tuple[str, ...]:
    """Values of metadata keys that name an order (order_id, order_number, orderId, Order Number...)."""
    if not isinstance(metadata, dict):
        return ()
    found = []
    for key, value in metadata.items():
        if re.sub(r"[^a-z]", "", str(key).lower()) in _ORDER_KEYS and value not in (None, ""):
            found.append(str(value).strip())
    return tuple(found)


def text_references(text: Any) -> tuple[str, ...]:
    """Order numbers written in a description or statement descriptor."""
    if not isinstance(text, str):
        return ()
    return tuple(first or second for first, second in _ORDER_IN_TEXT.findall(text))


def object_references(data: dict[str, Any]) -> tuple[str, ...]:
    """The order references one Stripe object states in its metadata and texts."""
    found = metadata_references(data.get("metadata"))
    for name in _TEXT_FIELDS:
        found += text_references(data.get(name))
    return found


def references(r: Reader, links: tuple[str, ...] = ()) -> tuple[str, ...]:
    """References of an object and of the linked objects Stripe expanded in it (its charge, payment intent)."""
    found = object_references(r.data)
    for name in links:
        linked = r.data.get(name)
        if isinstance(linked, dict):
            found += object_references(linked)
    return tuple(dict.fromkeys(found))


def charge_reference(ctx: MappingContext, r: Reader, name: str) -> tuple[str, ...]:
    """The followed reference of the charge `name` links to (its id, or the charge expanded); none when unnamed."""
    charge_id = link(r, name)
    if charge_id is None:
        return ()
    if ":" in charge_id:
        raise PayloadError(r.at(name), f"{charge_id!r} is not a Stripe charge id")
    return (object_reference(SYSTEM, ctx.account, "charge", charge_id),)
