"""Conformance over QuickBooks Online entities recorded from a sandbox company (shared/fixtures/quickbooks)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.quickbooks import ADAPTER, quickbooks_adapter
from adapters.toolkit import PayloadError
from canonical_model.accounting_events import (
    AccountingPaymentRecorded,
    BankDepositRecorded,
    InvoiceRecorded,
    JournalPosted,
)
from canonical_model.events import Event
from canonical_model.inventory_events import ItemRecorded
from canonical_model.money import Money
from tests.adapters.quickbooks.quickbooks_payloads import CONTEXT

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "quickbooks"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []
# The sandbox company's home currency: every transaction fixture states it in CurrencyRef.
HOME = "USD"
COMPANY = quickbooks_adapter(HOME)
# Items state prices but never a currency: without the connection's home currency they are refused.
NEEDS_HOME_CURRENCY = {"item-inventory.json", "item-service.json"}

pytestmark = pytest.mark.skipif(not FILES, reason=f"QuickBooks vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return ADAPTER.parse(path.read_bytes())


def _events(path: Path) -> list[Event]:
    return [e for obj in COMPANY.split(_load(path)) for e in COMPANY.map_object(obj, CONTEXT)]


def _money(value: Any) -> Money:
    return Money.of(value, HOME)


def _personal(entity: dict[str, Any]) -> list[str]:
    """Names, emails and address lines the entity holds, which no context may repeat."""
    found = [str(entity.get(ref, {}).get("name")) for ref in ("CustomerRef",) if entity.get(ref, {}).get("name")]
    found += [str(entity.get("BillEmail", {}).get("Address"))] if entity.get("BillEmail") else []
    for address in ("BillAddr", "ShipAddr"):
        found += [str(v) for k, v in entity.get(address, {}).items() if k.startswith("Line")]
    return found


def test_the_fixtures_cover_the_supported_entities() -> None:
    kinds = {obj.object_type for path in FILES for obj in ADAPTER.split(_load(path))}

    assert kinds >= {"Invoice", "SalesReceipt", "RefundReceipt", "Payment", "Deposit", "JournalEntry", "Item"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_entity_maps_with_its_home_currency(path: Path) -> None:
    entity = _load(path)
    events = _events(path)

    assert events
    for event in events:
        assert (event.source.system, event.source.account) == ("quickbooks", CONTEXT.account)
        assert event.source.object_id == entity["Id"]
        assert event.order is None
        assert event.occurred_at.tzinfo is not None
        assert (event.payload_hash, event.payload_pointer) == (CONTEXT.payload_hash, "")
        rendered = json.dumps(event.context)
        assert not [word for word in _personal(entity) if word in rendered]
    assert _events(path) == events


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_without_a_home_currency_only_items_are_refused_naming_currency_ref(path: Path) -> None:
    objects = ADAPTER.split(_load(path))
    if path.name not in NEEDS_HOME_CURRENCY:
        assert [e.id for o in objects for e in ADAPTER.map_object(o, CONTEXT)] == [e.id for e in _events(path)]
        return
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(objects[0], CONTEXT)
    assert error.value.field == "CurrencyRef"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_events_carry_the_payloads_own_numbers(path: Path) -> None:
    entity = _load(path)
    (event,) = _events(path)
    body = event.body
    if isinstance(body, InvoiceRecorded):
        assert body.total == _money(entity["TotalAmt"])
        assert body.tax == _money(entity["TxnTaxDetail"]["TotalTax"])
        assert body.balance == _money(entity["Balance"])
        assert body.number == entity["DocNumber"]
        assert sum((line.amount.amount for line in body.lines), Decimal(0)) + body.tax.amount == body.total.amount
    elif isinstance(body, AccountingPaymentRecorded):
        assert body.amount == _money(entity["TotalAmt"])
        applied = sum((a.amount.amount for a in body.applied_to), Decimal(0))
        assert applied + entity["UnappliedAmt"] == entity["TotalAmt"]
    elif isinstance(body, BankDepositRecorded):
        assert body.amount == _money(entity["TotalAmt"])
        lines = sum((line["Amount"] for line in entity["Line"]), Decimal(0))
        assert lines - entity["CashBack"]["Amount"] == body.amount.amount
    elif isinstance(body, JournalPosted):
        _assert_journal_as_stated(body, entity)
    else:
        assert isinstance(body, ItemRecorded)
        assert (body.unit_price, body.unit_cost) == (_money(entity["UnitPrice"]), _money(entity["PurchaseCost"]))
        assert body.tracked is entity["TrackQtyOnHand"]


def _assert_journal_as_stated(body: JournalPosted, entity: dict[str, Any]) -> None:
    for side in ("Debit", "Credit"):
        stated = sum((line["Amount"] for line in entity["Line"]
                      if line["JournalEntryLineDetail"]["PostingType"] == side), Decimal(0))
        posted = sum((getattr(line, side.lower()).amount for line in body.lines), Decimal(0))
        assert posted == stated
    debits = sum((line.debit.amount for line in body.lines), Decimal(0))
    assert debits == sum((line.credit.amount for line in body.lines), Decimal(0))


def test_a_payment_and_the_deposit_gathering_it_reference_each_other() -> None:
    (payment,) = _events(FIXTURES / "payment-applied-to-invoice.json")
    (deposit,) = _events(FIXTURES / "deposit-with-cashback.json")

    assert "Deposit:121" in payment.references and "Payment:98" in deposit.references
    assert "1013" in payment.references
