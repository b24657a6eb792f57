"""Accounting, inventory and reconciliation policies read from the configuration's [accounting], [inventory]
and [reconciliation] tables, with the domain's defaults for everything the file leaves out.

Every key is documented in `config/hub.toml`. A value of the wrong kind is a ConfigError naming the key, so a
typo never silently falls back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from canonical_model.bom import BillOfMaterials, explode
from canonical_model.cost_layers import FIFO, WEIGHTED_AVERAGE
from canonical_model.inventory_views import SafetyStock
from canonical_model.journal import ChartOfAccounts
from canonical_model.periods import PeriodCalendar
from canonical_model.recognition import AT_DELIVERY, AT_SHIPMENT, RecognitionPolicy
from canonical_model.reconciliation_policy import ReconciliationPolicy
from hub.config import ConfigError, load_settings

_WINDOWS = ("refund", "return", "shipment", "invoice", "settlement", "unmatched")


@dataclass(frozen=True)
class Policies:
    """Everything the projections need to know about how this brand keeps its books and its stock."""

    costing: str = FIFO
    recognition: RecognitionPolicy = field(default_factory=RecognitionPolicy)
    chart: ChartOfAccounts = field(default_factory=ChartOfAccounts)
    reconciliation: ReconciliationPolicy = field(default_factory=ReconciliationPolicy)
    bom: BillOfMaterials = field(default_factory=dict)
    safety: SafetyStock = field(default_factory=SafetyStock)
    channel_locations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    oversell_counted_only: bool = True
    # How often `hub serve` re-judges open TIMING gaps (None: never); `hub sync` does after every pass.
    refresh_every: timedelta | None = timedelta(minutes=15)

    def components(self, skus: set[str]) -> set[str]:
        """The stock-keeping skus the given skus stand for (bundles exploded)."""
        return {component for sku in skus for component, _ in explode(sku, 1, self.bom)}

    def bundles_containing(self, skus: set[str]) -> set[str]:
        """Every bundle sku whose bill of materials uses one of the skus, at any depth."""
        return {bundle for bundle in self.bom if self.components({bundle}) & skus}


def _table(raw: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{where}] {key} must be a table")
    return value


def _choice(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str, where: str) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise ConfigError(f"[{where}] {key} = {value!r}: must be one of {', '.join(allowed)}")
    return str(value)


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where} must be a decimal number written as a string, e.g. \"0.15\"")
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ConfigError(f"{where} = {value!r} is not a decimal number") from error


def _whole(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where} = {value!r}: must be a whole number of at least {minimum}")
    return value


def _calendar(accounting: Mapping[str, Any]) -> PeriodCalendar:
    closes = []
    for period, closed in sorted(_table(accounting, "close_dates", "accounting").items()):
        if not isinstance(closed, date) or len(period) != 7 or period[4] != "-":
            raise ConfigError(f"[accounting.close_dates] {period} = {closed!r}: write \"YYYY-MM\" = YYYY-MM-DD")
        closes.append((period, closed))
    close_day = accounting.get("close_day")
    if close_day is not None and not 1 <= _whole(close_day, "[accounting] close_day", 1) <= 28:
        raise ConfigError(f"[accounting] close_day = {close_day}: must be between 1 and 28")
    return PeriodCalendar(close_dates=tuple(closes), close_day=close_day)


def _chart(accounting: Mapping[str, Any]) -> ChartOfAccounts:
    names = {f.name for f in fields(ChartOfAccounts)} - {"fee_accounts"}
    overrides = _table(accounting, "accounts", "accounting")
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise ConfigError(f"[accounting.accounts] {unknown[0]}: not an account of the chart; known: {', '.join(sorted(names))}")
    fee_accounts = tuple(sorted((str(k), str(v)) for k, v in _table(accounting, "fee_accounts", "accounting").items()))
    return ChartOfAccounts(**{k: str(v) for k, v in overrides.items()}, fee_accounts=fee_accounts)


def _accounting(raw: Mapping[str, Any]) -> tuple[str, RecognitionPolicy, ChartOfAccounts]:
    accounting = _table(raw, "accounting", "")
    costing = _choice(accounting, "costing", (FIFO, WEIGHTED_AVERAGE), FIFO, "accounting")
    revenue_at = _choice(accounting, "revenue_recognition", (AT_SHIPMENT, AT_DELIVERY), AT_SHIPMENT, "accounting")
    return costing, RecognitionPolicy(revenue_at, _calendar(accounting)), _chart(accounting)


def _bom(inventory: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    bom = {}
    for bundle, components in _table(inventory, "bundles", "inventory").items():
        if not isinstance(components, dict) or not components:
            raise ConfigError(f"[inventory.bundles.{bundle}] must list components as COMPONENT = units")
        bom[bundle] = {sku: _whole(units, f"[inventory.bundles.{bundle}] {sku}", 1) for sku, units in components.items()}
    for bundle in bom:
        try:
            explode(bundle, 1, bom)
        except ValueError as error:
            raise ConfigError(f"[inventory.bundles.{bundle}]: {error}") from error
    return bom


def _safety(inventory: Mapping[str, Any]) -> SafetyStock:
    by_channel, by_sku = {}, {}
    for channel, value in _table(inventory, "safety_stock", "inventory").items():
        if isinstance(value, dict):
            by_sku.update({(channel, sku): _whole(units, f"[inventory.safety_stock.{channel}] {sku}")
                           for sku, units in value.items()})
        else:
            by_channel[channel] = _whole(value, f"[inventory.safety_stock] {channel}")
    return SafetyStock(by_channel, by_sku)


def _channel_locations(inventory: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    found = {}
    for channel, locations in _table(inventory, "channel_locations", "inventory").items():
        if not isinstance(locations, list) or not all(isinstance(item, str) for item in locations):
            raise ConfigError(f"[inventory.channel_locations] {channel} must be a list of location names")
        found[channel] = tuple(locations)
    return found


def _fee_rates(by_channel: Mapping[str, Any]) -> tuple[tuple[str, str, Decimal], ...]:
    rates = []
    for channel in sorted(by_channel):
        for fee_type, rate in sorted(_table(by_channel, channel, "reconciliation.usual_fee_rates").items()):
            rates.append((channel, fee_type, _decimal(rate, f"[reconciliation.usual_fee_rates.{channel}] {fee_type}")))
    return tuple(rates)


def _reconciliation(raw: Mapping[str, Any]) -> ReconciliationPolicy:
    section = _table(raw, "reconciliation", "")
    defaults = ReconciliationPolicy()
    windows = {f"{name}_window": timedelta(days=_whole(section[f"{name}_window_days"],
                                                       f"[reconciliation] {name}_window_days"))
               for name in _WINDOWS if f"{name}_window_days" in section}
    rates = _fee_rates(_table(section, "usual_fee_rates", "reconciliation"))
    expected = section.get("invoices_expected", defaults.invoices_expected)
    if not isinstance(expected, bool):
        raise ConfigError("[reconciliation] invoices_expected must be true or false")
    return ReconciliationPolicy(
        **windows,
        payout_tolerance=_decimal(section.get("payout_tolerance", str(defaults.payout_tolerance)),
                                  "[reconciliation] payout_tolerance"),
        fee_rate_threshold=_decimal(section.get("fee_rate_threshold", str(defaults.fee_rate_threshold)),
                                    "[reconciliation] fee_rate_threshold"),
        usual_fee_rates=rates, invoices_expected=expected)


def policies_from(raw: Mapping[str, Any]) -> Policies:
    """The policies a parsed configuration states; defaults for the tables or keys it leaves out."""
    costing, recognition, chart = _accounting(raw)
    inventory = _table(raw, "inventory", "")
    counted_only = inventory.get("oversell_counted_only", True)
    if not isinstance(counted_only, bool):
        raise ConfigError("[inventory] oversell_counted_only must be true or false")
    minutes = _table(raw, "reconciliation", "").get("refresh_minutes", 15)
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or minutes < 0:
        raise ConfigError(f"[reconciliation] refresh_minutes must be a number of minutes (0: never), not {minutes!r}")
    return Policies(costing=costing, recognition=recognition, chart=chart, reconciliation=_reconciliation(raw),
                    bom=_bom(inventory), safety=_safety(inventory), channel_locations=_channel_locations(inventory),
                    oversell_counted_only=counted_only, refresh_every=timedelta(minutes=minutes) if minutes else None)


_cache: dict[tuple[str, float], Policies] = {}


def configured_policies() -> Policies:
    """The policies of HUB_CONFIG (default config/hub.toml), read again only when the file changes."""
    path = Path(os.environ.get("HUB_CONFIG") or "config/hub.toml")
    stamp = (str(path.resolve()), path.stat().st_mtime if path.exists() else 0.0)
    if stamp not in _cache:
        settings = load_settings()
        try:
            found = policies_from(settings.raw)
        except ConfigError as error:
            raise ConfigError(f"{settings.config_path}: {error}") from error
        _cache.clear()
        _cache[stamp] = found
    return _cache[stamp]
