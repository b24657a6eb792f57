from __future__ import annotations

from decimal import Decimal

import pytest

from canonical_model.money import Money, MoneyError, minor_units


def test_amounts_are_exact_decimals() -> None:
    assert Money.of("0.10", "USD") + Money.of("0.20", "USD") == Money.of("0.30", "USD")


def test_floats_are_refused() -> None:
    with pytest.raises(MoneyError, match="float"):
        Money.of(0.1, "USD")


def test_currencies_never_mix() -> None:
    with pytest.raises(MoneyError, match="USD with EUR"):
        Money.of("1", "USD") + Money.of("1", "EUR")


@pytest.mark.parametrize(("currency", "units", "shown"), [("USD", 2, "1.01 USD"), ("JPY", 0, "1 JPY"),
                                                         ("KWD", 3, "1.005 KWD")])
def test_minor_units_follow_iso_4217(currency: str, units: int, shown: str) -> None:
    assert minor_units(currency) == units
    assert str(Money.of("1.005", currency)) == shown


def test_bad_currency_code_is_named() -> None:
    with pytest.raises(MoneyError, match="usd"):
        Money(Decimal(1), "usd")


def test_padding_beyond_the_minor_unit_is_dropped_but_significant_digits_are_kept() -> None:
    assert str(Money.of("0.02000", "USD").amount) == "0.02"  # EasyPost states fees to five places
    assert str(Money.of("4.455", "USD").amount) == "4.455"  # a unit price: never rounded away
    assert str(Money.of("100.000", "JPY").amount) == "100"
    assert str(Money.of("18", "USD").amount) == "18"
