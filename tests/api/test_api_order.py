"""`order(...)`: the three perspectives, completion, events and audit trail of one order, now and asOf."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine

from tests.api.builders import ACCOUNT, BOOTS, CHANNEL
from tests.api.conftest import BOOTS_ID, errors_of, run

MONEY = "{ amount currency }"
ORDER = f"""
query Order($id: ID, $channel: String, $externalId: String, $asOf: DateTime) {{
  order(id: $id, channel: $channel, externalId: $externalId, asOf: $asOf) {{
    id channel account externalId asOf
    commerce {{
      placedAt status currency subtotal {MONEY} discountTotal {MONEY} taxTotal {MONEY} shippingTotal {MONEY}
      total {MONEY}
      lines {{ sku title quantity unitPrice {MONEY} discounts {{ code reason amount {MONEY} }} }}
      discounts {{ code reason amount {MONEY} }}
    }}
    fulfillment {{
      status
      shipments {{ id location carrier trackingNumber status lines {{ sku quantity }} shippedAt deliveredAt }}
      returns {{ id status disposition lines {{ sku quantity }} }}
    }}
    finance {{
      currency grossRevenue {MONEY} discountTotal {MONEY} taxTotal {MONEY} shippingRevenue {MONEY}
      refundTotal {MONEY} feeTotal {MONEY} cogs {MONEY} margin {MONEY} netExpected {MONEY} settledNet {MONEY}
      fees {{ type amount {MONEY} source }}
      journalEntries {{ id period lines {{ account debit {MONEY} credit {MONEY} }} }}
    }}
    completion {{ delivered inventorySettled moneySettled complete missing }}
    discrepancies {{ id kind status amount {MONEY} }}
    events {{ id type occurredAt recordedAt source {{ system account objectType objectId }} context }}
    auditTrail {{ seq at actor action summary hash }}
  }}
}}
"""


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def test_one_order_through_all_three_perspectives(engine: Engine, before_refund: datetime) -> None:
    order = run(engine, ORDER, {"channel": CHANNEL, "externalId": BOOTS})["order"]
    assert (order["id"], order["channel"], order["account"], order["externalId"], order["asOf"]) == (
        BOOTS_ID, CHANNEL, ACCOUNT, BOOTS, None)
    commerce = order["commerce"]
    assert (commerce["subtotal"], commerce["discountTotal"], commerce["taxTotal"], commerce["shippingTotal"],
            commerce["total"]) == (usd("359.95"), usd("15.00"), usd("28.80"), usd("21.19"), usd("409.94"))
    assert commerce["placedAt"] == "2026-03-01T12:00:00+00:00" and commerce["status"] == "PAID"
    assert [(line["sku"], line["quantity"], line["unitPrice"]["amount"]) for line in commerce["lines"]] == [
        ("BOOT-BLK-42", 2, "149.99"), ("SOCK-WOOL-3P", 3, "24.99")]
    assert commerce["discounts"] == [{"code": "WELCOME15", "reason": "first-order welcome offer",
                                      "amount": usd("15.00")}]
    shipment = order["fulfillment"]["shipments"][0]
    assert order["fulfillment"]["status"] == "DELIVERED"
    assert (shipment["location"], shipment["carrier"], shipment["trackingNumber"], shipment["status"]) == (
        "WH-RENO", "UPS", "1Z999AA10123456784", "DELIVERED")
    assert shipment["lines"] == [{"sku": "BOOT-BLK-42", "quantity": 2}, {"sku": "SOCK-WOOL-3P", "quantity": 3}]
    assert shipment["deliveredAt"] == "2026-03-04T11:00:00+00:00"


def test_finance_and_completion_carry_the_refund_and_both_payouts(engine: Engine, before_refund: datetime) -> None:
    order = run(engine, ORDER, {"id": BOOTS_ID})["order"]
    finance = order["finance"]
    assert (finance["grossRevenue"], finance["refundTotal"], finance["feeTotal"], finance["netExpected"],
            finance["settledNet"]) == (usd("374.95"), usd("24.99"), usd("12.19"), usd("372.76"), usd("372.76"))
    assert finance["fees"] == [{"type": "payment_processing", "amount": usd("12.19"),
                                "source": "shopify_payments payout PO-77"}]
    for entry in finance["journalEntries"]:
        debits = sum(Decimal(line["debit"]["amount"]) for line in entry["lines"])
        credits = sum(Decimal(line["credit"]["amount"]) for line in entry["lines"])
        assert debits == credits, entry
    sale = next(entry for entry in finance["journalEntries"] if entry["id"].endswith(":sale"))
    assert sale["period"] == "2026-03"
    assert {"account": "Assets:Receivable:Channel", "debit": usd("409.94"), "credit": usd("0.00")} in sale["lines"]
    assert order["completion"] == {"delivered": True, "inventorySettled": True, "moneySettled": True,
                                   "complete": True, "missing": []}
    assert order["discrepancies"] == []


def test_events_are_ordered_by_occurrence_and_keep_their_context(engine: Engine, before_refund: datetime) -> None:
    events = run(engine, ORDER, {"id": BOOTS_ID})["order"]["events"]
    assert [event["type"] for event in events] == [
        "order.placed", "shipment.created", "shipment.shipped", "shipment.delivered", "settlement.line",
        "refund.issued", "settlement.line"]
    assert [event["occurredAt"] for event in events] == sorted(event["occurredAt"] for event in events)
    refund = events[5]
    assert refund["source"] == {"system": CHANNEL, "account": ACCOUNT, "objectType": "refund", "objectId": "R9"}
    assert refund["context"] == {"note": "pack arrived torn"}
    assert events[0]["context"]["discount_codes"] == [{"code": "WELCOME15", "reason": "first-order welcome offer"}]


def test_audit_trail_lists_every_append_in_sequence(engine: Engine, before_refund: datetime) -> None:
    trail = run(engine, ORDER, {"id": BOOTS_ID})["order"]["auditTrail"]
    assert [entry["seq"] for entry in trail] == sorted(entry["seq"] for entry in trail)
    assert [entry["action"] for entry in trail] == ["event.appended"] * 7
    assert trail[0]["summary"] == "order.placed from shopify order 5001 (version v1)"
    assert all(len(entry["hash"]) == 64 and entry["actor"] == "system" for entry in trail)


def test_as_of_before_the_refund_shows_what_the_hub_knew_then(engine: Engine, before_refund: datetime) -> None:
    then = run(engine, ORDER, {"id": BOOTS_ID, "asOf": before_refund.isoformat()})["order"]
    assert then["asOf"] == before_refund.isoformat()
    assert then["finance"]["refundTotal"] == usd("0.00")
    assert then["finance"]["settledNet"] == usd("397.75")
    assert "refund.issued" not in [event["type"] for event in then["events"]]
    assert len(then["events"]) == 5 and len(then["auditTrail"]) == 5
    assert all(event["recordedAt"] <= before_refund.isoformat() for event in then["events"])
    now = run(engine, ORDER, {"id": BOOTS_ID})["order"]
    assert now["finance"]["refundTotal"] == usd("24.99")
    assert "refund.issued" in [event["type"] for event in now["events"]]
    assert len(now["auditTrail"]) == 7


def test_as_of_before_the_order_was_known_is_null(engine: Engine, before_refund: datetime) -> None:
    assert run(engine, ORDER, {"id": BOOTS_ID, "asOf": "2020-01-01T00:00:00+00:00"})["order"] is None


def test_unknown_order_is_null_and_a_lookup_needs_an_id(engine: Engine, before_refund: datetime) -> None:
    assert run(engine, ORDER, {"channel": CHANNEL, "externalId": "no-such-order"})["order"] is None
    assert errors_of(engine, "{ order { id } }") == [
        "order needs `id`, or `externalId` (with `channel` when several channels share ids)"]


def test_audit_trail_entry_point_matches_the_order_field(engine: Engine, before_refund: datetime) -> None:
    top = run(engine, "query($id: ID!) { auditTrail(orderId: $id) { seq hash } }", {"id": BOOTS_ID})["auditTrail"]
    nested = run(engine, ORDER, {"id": BOOTS_ID})["order"]["auditTrail"]
    assert top == [{"seq": entry["seq"], "hash": entry["hash"]} for entry in nested]
