"""Small builders of Stripe API objects, shaped like Stripe's own, with ids, amounts and statuses tweakable."""

from __future__ import annotations

import json
from typing import Any

from adapters.stripe import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acct_1Acme", payload_hash="payload-hash-1")
CREATED = 1772463600  # 2026-03-02T15:00:00Z
LATER = 1772722800  # 2026-03-05T15:00:00Z
# What every fact about the builders' charge carries, for the hub to follow to the charge's order.
CHARGE_REFERENCE = "@stripe:acct_1Acme:charge:ch_3PqAcme"


def charge(charge_id: str = "ch_3PqAcme", amount: int = 4000, **extra: Any) -> dict:
    """A captured card charge of 40.00 USD for order #1001, with card holder data where Stripe puts it."""
    return {
        "id": charge_id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": 0,
        "balance_transaction": "txn_3PqAcme", "captured": True, "created": CREATED, "currency": "usd",
        "customer": "cus_Acme1", "description": "Order #1001", "disputed": False, "failure_code": None,
        "failure_message": None, "livemode": False, "metadata": {"order_id": "450001"},
        "billing_details": {"name": "Ann Lee", "email": "ann@example.com", "phone": "+15550100",
                            "address": {"line1": "1 Main St", "city": "Springfield"}},
        "outcome": {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                    "seller_message": "Payment complete.", "type": "authorized"},
        "paid": True, "payment_intent": "pi_3PqAcme", "payment_method": "pm_1Acme",
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242", "exp_month": 8,
                                                            "exp_year": 2030, "fingerprint": "Xt5EWLLDS7FJjR1c"}},
        "receipt_email": "ann@example.com", "refunded": False,
        "refunds": {"object": "list", "data": [], "has_more": False, "url": "/v1/charges/ch_3PqAcme/refunds"},
        "statement_descriptor": None, "calculated_statement_descriptor": "ACME STORE", "status": "succeeded",
        **extra,
    }


def payment_intent(intent_id: str = "pi_3PqAcme", status: str = "succeeded", **extra: Any) -> dict:
    """A payment intent of 40.00 USD that names its latest charge (API versions since 2022-11-15)."""
    received = 4000 if status == "succeeded" else 0
    return {
        "id": intent_id, "object": "payment_intent", "amount": 4000, "amount_capturable": 0,
        "amount_received": received, "capture_method": "automatic", "canceled_at": None, "cancellation_reason": None,
        "client_secret": f"{intent_id}_secret_x", "created": CREATED, "currency": "usd", "customer": "cus_Acme1",
        "description": None, "last_payment_error": None, "latest_charge": "ch_3PqAcme", "livemode": False,
        "metadata": {"order_number": "1001"}, "payment_method_types": ["card"], "receipt_email": "ann@example.com",
        "status": status, **extra,
    }


def refund(refund_id: str = "re_3PqAcme", amount: int = 1500, **extra: Any) -> dict:
    return {
        "id": refund_id, "object": "refund", "amount": amount, "balance_transaction": "txn_3PqRefund",
        "charge": "ch_3PqAcme", "created": LATER, "currency": "usd", "metadata": {}, "payment_intent": "pi_3PqAcme",
        "reason": "requested_by_customer", "receipt_number": None, "status": "succeeded",
        "destination_details": {"type": "card", "card": {"reference": "ARN123", "type": "refund"}}, **extra,
    }


def fee_detail(amount: int = 146, fee_type: str = "stripe_fee", **extra: Any) -> dict:
    return {"amount": amount, "application": None, "currency": "usd", "description": "Stripe processing fees",
            "type": fee_type, **extra}


def balance_transaction(txn_id: str = "txn_3PqAcme", amount: int = 4000, fees: tuple[dict, ...] | None = None,
                        **extra: Any) -> dict:
    """A charge's balance transaction: gross 40.00, Stripe's 1.46 fee, net 38.54."""
    details = list(fees if fees is not None else (fee_detail(),))
    fee = sum(detail["amount"] for detail in details)
    return {
        "id": txn_id, "object": "balance_transaction", "amount": amount, "available_on": LATER, "created": CREATED,
        "currency": "usd", "description": "Order #1001", "exchange_rate": None, "fee": fee, "fee_details": details,
        "net": amount - fee, "reporting_category": "charge", "source": "ch_3PqAcme", "status": "available",
        "type": "charge", **extra,
    }


def dispute(dispute_id: str = "dp_1Acme", status: str = "needs_response", movements: tuple[dict, ...] = (),
            **extra: Any) -> dict:
    """A fraud dispute of 40.00 USD, with evidence holding customer data the adapter must not copy."""
    return {
        "id": dispute_id, "object": "dispute", "amount": 4000, "balance_transactions": list(movements),
        "charge": "ch_3PqAcme", "created": CREATED, "currency": "usd",
        "evidence": {"customer_name": "Ann Lee", "customer_email_address": "ann@example.com",
                     "customer_purchase_ip": "203.0.113.9", "uncategorized_text": "Ann Lee signed for it"},
        "evidence_details": {"due_by": LATER, "has_evidence": False, "past_due": False, "submission_count": 0},
        "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": "pi_3PqAcme",
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "case_type": "chargeback",
                                                            "network_reason_code": "10.4"}},
        "reason": "fraudulent", "status": status, **extra,
    }


def withdrawal(txn_id: str = "txn_1Withdrawal", status: str = "pending") -> dict:
    """The balance transaction that takes a disputed amount and the dispute fee out of the balance."""
    return balance_transaction(
        txn_id, amount=-4000, fees=(fee_detail(1500, description="Dispute fee"),), source="dp_1Acme",
        type="adjustment", reporting_category="dispute", description="Chargeback withdrawal for ch_3PqAcme",
        status=status,
    )


def reinstatement(txn_id: str = "txn_2Reinstated") -> dict:
    return balance_transaction(
        txn_id, amount=4000, fees=(fee_detail(-1500, description="Dispute fee refund"),), source="dp_1Acme",
        type="adjustment", reporting_category="dispute_reversal", description="Chargeback reversal for ch_3PqAcme",
        created=LATER,
    )


def payout(payout_id: str = "po_1Acme", status: str = "paid", **extra: Any) -> dict:
    return {
        "id": payout_id, "object": "payout", "amount": 3854, "arrival_date": LATER, "automatic": True,
        "balance_transaction": "txn_1Payout", "created": CREATED, "currency": "usd", "description": "STRIPE PAYOUT",
        "destination": "ba_1Acme", "failure_code": None, "failure_message": None, "livemode": False, "metadata": {},
        "method": "standard", "source_type": "card", "statement_descriptor": None, "status": status,
        "type": "bank_account", **extra,
    }


def application_fee(fee_id: str = "fee_1Acme", amount: int = 200, refunds: tuple[dict, ...] = (), **extra: Any) -> dict:
    return {
        "id": fee_id, "object": "application_fee", "account": "acct_1Connected", "amount": amount,
        "amount_refunded": sum(item["amount"] for item in refunds), "application": "ca_1Platform",
        "balance_transaction": "txn_1AppFee", "charge": "ch_3PqAcme", "created": CREATED, "currency": "usd",
        "fee_source": {"charge": "ch_3PqAcme", "type": "charge"}, "livemode": False, "originating_transaction": None,
        "refunded": bool(refunds),
        "refunds": {"object": "list", "data": list(refunds), "has_more": False,
                    "url": f"/v1/application_fees/{fee_id}/refunds"},
        **extra,
    }


def fee_refund(refund_id: str = "fr_1Acme", amount: int = 50, **extra: Any) -> dict:
    return {"id": refund_id, "object": "fee_refund", "amount": amount, "balance_transaction": None, "created": LATER,
            "currency": "usd", "fee": "fee_1Acme", "metadata": {}, **extra}


def event(obj: dict, event_type: str, event_id: str = "evt_1Acme", created: int = LATER) -> dict:
    """A webhook event carrying one object."""
    return {"id": event_id, "object": "event", "api_version": "2024-06-20", "created": created,
            "data": {"object": obj}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": event_type}


def page(*objects: dict) -> dict:
    """A list page as Stripe's list endpoints return it."""
    return {"object": "list", "data": list(objects), "has_more": False, "url": "/v1/objects"}


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def mapped_bytes(body: bytes) -> list[Event]:
    """Every event of a raw document, parsed the way the hub parses Stripe bodies."""
    return mapped(ADAPTER.parse(body))


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [item for item in events if item.type == event_type]


def copied(payload: dict) -> dict:
    return json.loads(json.dumps(payload))
