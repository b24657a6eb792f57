"""Followed references: a fact may name a thing other facts refer to (a payment processor's charge) rather
than an order. The hub registers such a reference for the order its fact is linked to, and links every
other fact naming the same thing to that order, whichever of them arrives first and whichever of them
names the order.

The form is shared here because the adapters that state these references and the hub that follows them
must agree on it: `@<system>:<account>:<object type>:<object id>`, kept as the source wrote the id (ids
such as Stripe's are case-sensitive; order names are not, and are normalised apart).
"""

from __future__ import annotations

FOLLOWED_PREFIX = "@"


def object_reference(system: str, account: str, object_type: str, object_id: str) -> str:
    """The followed reference of one source object, e.g. `@stripe:acct_1:charge:ch_1`."""
    for name, value in (("system", system), ("object_type", object_type), ("object_id", object_id)):
        if not value or ":" in value:
            raise ValueError(f"{name} {value!r} cannot be part of an object reference (empty, or holds ':')")
    return f"{FOLLOWED_PREFIX}{system}:{account}:{object_type}:{object_id}"


def is_followed(reference: str) -> bool:
    """Whether a reference names a thing to follow rather than an order."""
    return reference.strip().startswith(FOLLOWED_PREFIX)


def described(reference: str) -> str:
    """An object reference in words ("stripe charge ch_1"), for explanations; other text as it is."""
    system, _, rest = reference.strip().removeprefix(FOLLOWED_PREFIX).partition(":")
    parts = rest.rsplit(":", 2)
    if len(parts) != 3:
        return reference
    return f"{system} {parts[1]} {parts[2]}"
