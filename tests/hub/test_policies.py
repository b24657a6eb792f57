"""Policies come from [accounting], [inventory] and [reconciliation]; defaults where the file is silent."""

from __future__ import annotations

import os
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from canonical_model.cost_layers import FIFO, WEIGHTED_AVERAGE
from canonical_model.recognition import AT_DELIVERY
from hub.config import ConfigError
from hub.policies import Policies, configured_policies, policies_from

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "hub.toml"

CONFIGURED = """
[accounting]
costing = "WEIGHTED_AVERAGE"
revenue_recognition = "AT_DELIVERY"
close_day = 5
[accounting.close_dates]
"2026-02" = 2026-03-03
[accounting.accounts]
revenue = "Income:Sales:Online"
[accounting.fee_accounts]
commission = "Expenses:Marketplace:Commission"

[inventory]
oversell_counted_only = false
[inventory.safety_stock]
shopify = 2
[inventory.safety_stock.amazon]
"MUG-RED" = 5
[inventory.channel_locations]
shopify = ["WH-EAST"]
[inventory.bundles."GIFT-SET"]
"MUG-RED" = 2
"CARD" = 1

[reconciliation]
refund_window_days = 10
payout_tolerance = "0.05"
invoices_expected = true
[reconciliation.usual_fee_rates.amazon]
Commission = "0.15"
"""


def test_the_example_configuration_states_the_defaults() -> None:
    assert policies_from(tomllib.loads(EXAMPLE.read_text())) == Policies()
    assert policies_from({}) == Policies()


def test_every_section_is_read() -> None:
    policies = policies_from(tomllib.loads(CONFIGURED))
    assert policies.costing == WEIGHTED_AVERAGE and policies.recognition.revenue_at == AT_DELIVERY
    calendar = policies.recognition.calendar
    assert calendar.close_of("2026-02") == date(2026, 3, 3) and calendar.close_of("2026-03") == date(2026, 4, 5)
    assert policies.chart.revenue == "Income:Sales:Online"
    assert policies.chart.fee_account("commission") == "Expenses:Marketplace:Commission"
    assert policies.safety.units("shopify", "CARD") == 2 and policies.safety.units("amazon", "MUG-RED") == 5
    assert policies.channel_locations == {"shopify": ("WH-EAST",)}
    assert policies.bom == {"GIFT-SET": {"MUG-RED": 2, "CARD": 1}} and not policies.oversell_counted_only
    assert policies.components({"GIFT-SET", "TEE"}) == {"MUG-RED", "CARD", "TEE"}
    assert policies.bundles_containing({"CARD"}) == {"GIFT-SET"}
    rules = policies.reconciliation
    assert rules.refund_window == timedelta(days=10) and rules.return_window == timedelta(days=14)
    assert rules.payout_tolerance == Decimal("0.05") and rules.invoices_expected
    assert rules.usual_rate("amazon", "Commission") == Decimal("0.15")


@pytest.mark.parametrize(("text", "named"), [
    ('[accounting]\ncosting = "LIFO"', "costing = 'LIFO': must be one of FIFO, WEIGHTED_AVERAGE"),
    ('[accounting]\nrevenue_recognition = "AT_ORDER"', "revenue_recognition"),
    ('[accounting.accounts]\nsales = "Income:Sales"', "[accounting.accounts] sales: not an account"),
    ('[accounting.close_dates]\n"2026-02" = "soon"', "[accounting.close_dates] 2026-02"),
    ('[inventory.bundles.KIT]\nA = 0', "[inventory.bundles.KIT] A = 0"),
    ('[inventory.bundles.A]\nB = 1\n[inventory.bundles.B]\nA = 1', "[inventory.bundles.A]"),
    ('[reconciliation]\nrefund_window_days = "two weeks"', "refund_window_days"),
    ('[reconciliation.usual_fee_rates.amazon]\nCommission = true', "[reconciliation.usual_fee_rates.amazon] Commission"),
])
def test_a_wrong_value_names_its_key(text: str, named: str) -> None:
    with pytest.raises(ConfigError) as raised:
        policies_from(tomllib.loads(text))
    assert named in str(raised.value)


def test_configured_policies_follow_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hub.toml"
    path.write_text('[accounting]\ncosting = "WEIGHTED_AVERAGE"\n')
    monkeypatch.setenv("HUB_CONFIG", str(path))
    assert configured_policies().costing == WEIGHTED_AVERAGE
    path.write_text('[accounting]\nrevenue_recognition = "AT_DELIVERY"\n')
    os.utime(path, (1, 1))  # another modification time, as an edit a second later would give
    assert (configured_policies().costing, configured_policies().recognition.revenue_at) == (FIFO, AT_DELIVERY)
