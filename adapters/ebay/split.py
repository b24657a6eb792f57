"""Finds the eBay objects in a document: a page of getOrders, getTransactions or getPayouts, a shipping
fulfillment collection, or a single order, fulfillment, transaction or payout, each with its JSON pointer.

eBay's shipping_fulfillment responses do not name their order: the order id of the request path
(`GET /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment`) is kept beside them as a top-level
`orderId`, and each fulfillment found carries it.
"""

from __future__ import annotations

from typing import Any

from adapters.toolkit import PayloadError, SourceObject

_COLLECTIONS = {
    "orders": "order",
    "fulfillments": "shipping_fulfillment",
    "transactions": "transaction",
    "payouts": "payout",
}
SUPPORTED = (
    "getOrders pages (orders), getOrder (an order), getShippingFulfillments (fulfillments, with the orderId of "
    "the request path), getShippingFulfillment, getTransactions pages (transactions), getPayouts pages "
    "(payouts), getPayout"
)
_FULFILLMENT_MARKS = ("fulfillmentId", "shipmentTrackingNumber", "shippingCarrierCode", "shippedDate")
_ORDER_MARKS = ("orderId", "pricingSummary", "orderFulfillmentStatus", "orderPaymentStatus", "lineItems")
_TRANSACTION_MARKS = ("transactionId", "transactionType", "bookingEntry")
_PAYOUT_MARKS = ("payoutStatus", "payoutDate", "payoutInstrument")
_NAMED_UNSUPPORTED = {
    "paymentDisputeSummaries": "payment dispute summaries (Fulfillment API getPaymentDisputeSummaries)",
    "paymentDisputeId": "a payment dispute (Fulfillment API getPaymentDispute)",
    "transferId": "a transfer (Finances API getTransfer)",
    "payoutCount": "a payout summary (Finances API getPayoutSummary)",
    "creditCount": "a transaction summary (Finances API getTransactionSummary)",
    "availableFunds": "a seller funds summary (Finances API getSellerFundsSummary)",
}
_UNORDERED_FULFILLMENTS = (
    "is required: eBay's shipping_fulfillment response does not name its order; keep the orderId of its "
    "request path (GET /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment) beside it"
)




def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming its top-level key."""
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", f"must be a non-empty JSON object; supported: {SUPPORTED}")
    known = [key for key in _COLLECTIONS if key in document]
    if known:
        return [found for key in known for found in _collection(document, key)]
    bare = bare_type(document)
    if bare == "shipping_fulfillment" and not document.get("orderId"):
        raise PayloadError("orderId", _UNORDERED_FULFILLMENTS)
    if bare is not None:
        return [SourceObject(bare, "", document)]
    raise _unsupported(document)


def bare_type(data: dict[str, Any]) -> str | None:
    """The kind of a single eBay object (a getOrder or getPayout answer), or None when unrecognised."""
    has = data.__contains__
    if any(map(has, _FULFILLMENT_MARKS)):
        return "shipping_fulfillment"
    if any(map(has, _TRANSACTION_MARKS)):
        return "transaction"
    if has("payoutId") and any(map(has, _PAYOUT_MARKS)):
        return "payout"
    if any(map(has, _ORDER_MARKS)):
        return "order"
    return None


def _collection(document: dict[str, Any], key: str) -> list[SourceObject]:
    items = document[key]
    if items is None:
        return []
    if not isinstance(items, list):
        raise PayloadError(key, "must be a list")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise PayloadError(f"{key}[{index}]", "must be a JSON object")
    object_type = _COLLECTIONS[key]
    if object_type != "shipping_fulfillment":
        return [SourceObject(object_type, f"/{key}/{index}", item) for index, item in enumerate(items)]
    order_id = document.get("orderId")
    if items and not order_id:
        raise PayloadError("orderId", _UNORDERED_FULFILLMENTS)
    return [
        SourceObject(object_type, f"/{key}/{index}", {**item, "orderId": item.get("orderId") or order_id})
        for index, item in enumerate(items)
    ]


def _unsupported(document: dict[str, Any]) -> PayloadError:
    if "errors" in document:
        errors = document["errors"] if isinstance(document["errors"], list) else []
        messages = "; ".join(str(e.get("message")) for e in errors if isinstance(e, dict) and e.get("message"))
        return PayloadError("errors", f"eBay answered with errors ({messages or 'no message'}), not an object")
    for key, what in _NAMED_UNSUPPORTED.items():
        if key in document:
            return PayloadError(key, f"unsupported eBay object: {what}; supported: {SUPPORTED}")
    key = next(iter(document))
    return PayloadError(key, f"unsupported eBay object {key!r}; supported: {SUPPORTED}")
