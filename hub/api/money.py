"""Money as the API shows it: the exact decimal amount as a string, never a float, and its currency."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from canonical_model.money import Money as DomainMoney
from canonical_model.money import minor_units


@strawberry.type(description="An exact amount: `amount` is a decimal string with at least the currency's minor units "
                              "(e.g. \"409.94\"), never a float.")
class Money:
    amount: str
    currency: str


def decimal_string(amount: Decimal, currency: str) -> str:
    """The exact amount in plain notation; padded to the currency's minor units ("0" -> "0.00"), never cut."""
    places = minor_units(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < places:
        amount = amount.quantize(Decimal(1).scaleb(-places))
    return format(amount, "f")


def money(value: DomainMoney | None) -> Money | None:
    return required_money(value) if value is not None else None


def required_money(value: DomainMoney) -> Money:
    return Money(amount=decimal_string(value.amount, value.currency), currency=value.currency)


def stored_money(amount: Decimal | None, currency: str | None) -> Money | None:
    """Money read from a NUMERIC column, whose padding zeros beyond the currency's minor units are dropped."""
    if amount is None or currency is None:
        return None
    trimmed = amount.normalize()
    return Money(amount=decimal_string(trimmed, currency), currency=currency)
