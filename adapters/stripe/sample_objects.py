"""Stripe API objects (API version 2024-06-20 shapes) as the simulated account states them.

Plain builders of the JSON Stripe answers with: a charge as the WooCommerce Stripe Gateway creates it
(description "<site> - Order <number>", metadata `customer_name`, `order_id`, `site_url` and
`signature`, as its `generate_payment_request` writes them), a refund, a dispute, a payout and
the balance transactions that move the balance, and the event that announces a change. Amounts are
integers in cents, times Unix seconds, currencies lower case, as Stripe writes them.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from adapters.toolkit.sales_feed import Sale

SITE_NAME = "Brand Goods"
SITE_URL = "https://shop.brand-goods.example"
STATEMENT_DESCRIPTOR = "BRAND GOODS"


def charge(charge_id: str, intent_id: str, sale: Sale, amount: int, created: int, txn_id: str) -> dict[str, Any]:
    """A captured card charge of `amount` cents for the sale, with the gateway's description and metadata."""
    return {
        "id": charge_id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": 0,
        "application": None, "application_fee": None, "application_fee_amount": None,
        "balance_transaction": txn_id,
        "billing_details": {"address": {"city": sale.ship_to.city, "country": sale.ship_to.country,
                                        "line1": sale.ship_to.street, "line2": None,
                                        "postal_code": sale.ship_to.postal_code, "state": sale.ship_to.region},
                            "email": None, "name": sale.ship_to.name, "phone": None},
        "calculated_statement_descriptor": STATEMENT_DESCRIPTOR, "captured": True, "created": created,
        "currency": sale.currency.lower(), "customer": None, "description": order_description(sale.reference),
        "disputed": False, "failure_balance_transaction": None, "failure_code": None, "failure_message": None,
        "fraud_details": {}, "invoice": None, "livemode": False,
        "metadata": _gateway_metadata(sale),
        "on_behalf_of": None,
        "outcome": {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                    "risk_score": 20, "seller_message": "Payment complete.", "type": "authorized"},
        "paid": True, "payment_intent": intent_id, "payment_method": "pm_" + charge_id.removeprefix("ch_"),
        "payment_method_details": {"card": {"brand": "visa", "country": "US", "exp_month": 8, "exp_year": 2030,
                                            "funding": "credit", "last4": "4242", "network": "visa"},
                                   "type": "card"},
        "receipt_email": None, "receipt_number": None, "refunded": False, "review": None, "shipping": None,
        "source_transfer": None, "statement_descriptor": None, "statement_descriptor_suffix": None,
        "status": "succeeded", "transfer_data": None, "transfer_group": None,
    }


def _gateway_metadata(sale: Sale) -> dict[str, str]:
    """The metadata the gateway sends with a charge: the customer, the order, the site and its signature."""
    order_id = sale.external_id or sale.reference
    digest = hashlib.md5(f"{order_id}-{SITE_URL}".encode()).hexdigest()
    # The sales feed knows no customer email; Stripe drops a metadata key sent empty, so it is absent.
    return {"customer_name": sale.ship_to.name, "order_id": order_id, "site_url": SITE_URL,
            "signature": f"{order_id}:{digest}"}


def order_description(reference: str) -> str:
    """How the WooCommerce Stripe Gateway describes a charge: the site's name and the order number."""
    return f"{SITE_NAME} - Order {reference}"


def refund(refund_id: str, charge_: dict[str, Any], amount: int, created: int, txn_id: str,
           reason: str | None) -> dict[str, Any]:
    """A succeeded card refund of `amount` cents on the charge; the gateway only sends the refund's reason
    (as metadata), so the order is named through the charge."""
    return {
        "id": refund_id, "object": "refund", "amount": amount, "balance_transaction": txn_id,
        "charge": charge_["id"], "created": created, "currency": charge_["currency"],
        "destination_details": {"card": {"reference_status": "pending", "reference_type": "acquirer_reference_number",
                                         "type": "refund"}, "type": "card"},
        "metadata": {"reason": reason} if reason else {},
        "payment_intent": charge_["payment_intent"], "reason": "requested_by_customer", "receipt_number": None,
        "source_transfer_reversal": None, "status": "succeeded", "transfer_reversal": None,
    }


def balance_transaction(txn_id: str, *, amount: int, fee: int, created: int, available_on: int, currency: str,
                        description: str, source: str, kind: str, category: str,
                        fee_description: str = "Stripe processing fees") -> dict[str, Any]:
    """A balance transaction; its status is `pending` until `available_on` (see `refresh_status`)."""
    details = [{"amount": fee, "application": None, "currency": currency, "description": fee_description,
                "type": "stripe_fee"}] if fee else []
    return {
        "id": txn_id, "object": "balance_transaction", "amount": amount, "available_on": available_on,
        "created": created, "currency": currency, "description": description, "exchange_rate": None, "fee": fee,
        "fee_details": details, "net": amount - fee, "reporting_category": category, "source": source,
        "status": "pending", "type": kind,
    }


def refresh_status(txn: dict[str, Any], now: int) -> None:
    txn["status"] = "available" if txn["available_on"] <= now else "pending"


def dispute(dispute_id: str, charge_: dict[str, Any], created: int, withdrawal: dict[str, Any]) -> dict[str, Any]:
    """A fraud chargeback awaiting the merchant's response, its funds (and the dispute fee) withdrawn."""
    return {
        "id": dispute_id, "object": "dispute", "amount": charge_["amount"], "balance_transactions": [withdrawal],
        "charge": charge_["id"], "created": created, "currency": charge_["currency"],
        "evidence": {"customer_name": None, "customer_email_address": None, "product_description": None,
                     "uncategorized_text": None},
        "evidence_details": {"due_by": created + 7 * 86400, "has_evidence": False, "past_due": False,
                             "submission_count": 0},
        "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": charge_["payment_intent"],
        "payment_method_details": {"card": {"brand": "visa", "case_type": "chargeback", "network_reason_code": "10.4"},
                                   "type": "card"},
        "reason": "fraudulent", "status": "needs_response",
    }


def payout(payout_id: str, *, amount: int, created: int, arrival: int, currency: str, txn_id: str) -> dict[str, Any]:
    """An automatic standard payout to the bank account, in transit until it arrives."""
    return {
        "id": payout_id, "object": "payout", "amount": amount, "application_fee": None,
        "application_fee_amount": None, "arrival_date": arrival, "automatic": True, "balance_transaction": txn_id,
        "created": created, "currency": currency, "description": "STRIPE PAYOUT", "destination": "ba_1BrandBank",
        "failure_balance_transaction": None, "failure_code": None, "failure_message": None, "livemode": False,
        "metadata": {}, "method": "standard", "original_payout": None, "reconciliation_status": "completed",
        "reversed_by": None, "source_type": "card", "statement_descriptor": None, "status": "in_transit",
        "type": "bank_account",
    }


def event(event_id: str, kind: str, created: int, obj: dict[str, Any]) -> dict[str, Any]:
    """The event announcing a change, with a copy of the object as it stood then."""
    return {
        "id": event_id, "object": "event", "api_version": "2024-06-20", "created": created,
        "data": {"object": copy.deepcopy(obj)}, "livemode": False, "pending_webhooks": 0,
        "request": {"id": None, "idempotency_key": None}, "type": kind,
    }
