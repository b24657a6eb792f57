"""Exact money: a Decimal amount with its ISO 4217 currency; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ISO 4217 minor units for currencies that differ from the usual two decimals.
_MINOR_UNITS_EXCEPTIONS = {
    "BHD": 3, "BIF": 0, "CLF": 4, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0,
    "JOD": 3, "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0,
    "RWF": 0, "TND": 3, "UGX": 0, "UYI": 0, "UYW": 4, "VND": 0, "VUV": 0, "XAF": 0,
    "XOF": 0, "XPF": 0,
}


class MoneyError(ValueError):
    """An amount or currency that cannot be money (a float, a bad code, mixed currencies)."""


def minor_units(currency: str) -> int:
    """Number of decimals the currency's minor unit has (2 for USD, 0 for JPY, 3 for KWD)."""
    return _MINOR_UNITS_EXCEPTIONS.get(currency, 2)


def _check_currency(currency: str) -> str:
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha() and currency.isupper()):
        raise MoneyError(f"currency must be an ISO 4217 code such as USD, got {currency!r}")
    return currency


def to_decimal(value: object) -> Decimal:
    """Read an amount as Decimal from a string, int or Decimal; floats are refused as inexact."""
    if isinstance(value, (bool, float)):
        raise MoneyError(f"amount {value!r} must be a decimal string, not a float")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation as error:
            raise MoneyError(f"amount {value!r} is not a decimal number") from error
        if not amount.is_finite():
            raise MoneyError(f"amount {value!r} is not a finite number")
        return amount
    raise MoneyError(f"amount {value!r} is not a decimal number")


@dataclass(frozen=True, order=False)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        _check_currency(self.currency)

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        """Money read from a source: zeros a partner pads beyond the currency's minor unit ("0.02000 USD") are
        dropped; digits that matter beyond it (a unit price of 4.455) are kept, never rounded away."""
        value = to_decimal(amount)
        exponent = Decimal(1).scaleb(-minor_units(_check_currency(currency)))
        if value.as_tuple().exponent < exponent.as_tuple().exponent and value == value.quantize(exponent):
            value = value.quantize(exponent)
        return cls(value, currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise MoneyError(f"cannot combine money with {other!r}")
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def times(self, factor: int | Decimal) -> Money:
        return Money(self.amount * factor, self.currency)

    def rounded(self) -> Money:
        """The amount at the currency's minor units (banker's rounding is not used: half up, as invoices do)."""
        exponent = Decimal(1).scaleb(-minor_units(self.currency))
        return Money(self.amount.quantize(exponent, rounding="ROUND_HALF_UP"), self.currency)

    def is_zero(self) -> bool:
        return self.amount == 0

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount.normalize(), self.currency))


def total(amounts: list[Money] | tuple[Money, ...], currency: str) -> Money:
    """Sum of amounts in one currency (zero when there are none)."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
