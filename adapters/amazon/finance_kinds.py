"""The kinds of Finances v0 events this adapter reads: where each states its amounts, order, references and SKU.

A kind that nests the same money twice (a stated total beside its items) is read once: the items
when they add up to the total, else the total. DebtRecoveryEvent is not read: it is charged to a
payment instrument outside the settlement, and its items restate the recovery per original group.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.amazon.finance_parts import (
    Part,
    PartReader,
    Scope,
    amount,
    component,
    components,
    item_scope,
    itemised_or_total,
    withheld,
)
from adapters.toolkit import Reader

_EVENT_LISTS = (
    ("OrderChargeList", "charge"), ("OrderChargeAdjustmentList", "charge"), ("ShipmentFeeList", "fee"),
    ("ShipmentFeeAdjustmentList", "fee"), ("OrderFeeList", "fee"), ("OrderFeeAdjustmentList", "fee"),
    ("DirectPaymentList", "direct_payment"),
)
_ITEM_LISTS = (
    ("ItemChargeList", "charge"), ("ItemChargeAdjustmentList", "charge"), ("ItemFeeList", "fee"),
    ("ItemFeeAdjustmentList", "fee"), ("PromotionList", "promotion"), ("PromotionAdjustmentList", "promotion"),
)
SHIPMENT_ITEM_LISTS = ("ShipmentItemList", "ShipmentItemAdjustmentList")


@dataclass(frozen=True)
class Kind:
    """How to read one kind of financial event."""

    parts: PartReader
    order_field: str | None = None
    reference_fields: tuple[str, ...] = ()
    sku_field: str | None = None


def lists(*specs: tuple[str, str]) -> PartReader:
    return lambda r, scope: [part for name, kind in specs for part in components(r, name, kind, scope)]


def one(name: str, kind: str) -> PartReader:
    return lambda r, scope: component(r, name, kind, scope)


def field(name: str, kind: str, line_type: str, type_field: str | None = None) -> PartReader:
    """A plain Currency field; its line type read from `type_field` when the event states one."""
    return lambda r, scope: amount(r, name, kind, (r.text(type_field) if type_field else None) or line_type, scope)


def taxes_withheld(name: str) -> PartReader:
    return lambda r, scope: withheld(r, name, scope)


def combined(*readers: PartReader) -> PartReader:
    return lambda r, scope: [part for read in readers for part in read(r, scope)]


def parts_or_total(total: str, line_type: str, *readers: PartReader) -> PartReader:
    return lambda r, scope: itemised_or_total(combined(*readers)(r, scope), amount(r, total, "charge", line_type, scope))


def shipment_parts(r: Reader, scope: Scope) -> list[Part]:
    """Order-level charges, fees and direct payments, then every item's charges, fees, promotions and taxes."""
    parts = lists(*_EVENT_LISTS)(r, scope)
    for list_name in SHIPMENT_ITEM_LISTS:
        for index, item in enumerate(r.items(list_name)):
            inner = item_scope(item, f"/{list_name}/{index}")
            parts += lists(*_ITEM_LISTS)(item, inner)
            parts += withheld(item, "ItemTaxWithheldList", inner)
            for name in ("CostOfPointsGranted", "CostOfPointsReturned"):
                parts += amount(item, name, "charge", name, inner)
    return parts


def adjustment_parts(r: Reader, scope: Scope) -> list[Part]:
    """An adjustment's items (SKU, quantity, total) when they add up to its AdjustmentAmount, else that amount."""
    line_type = r.text("AdjustmentType") or "Adjustment"
    items = [
        part
        for index, item in enumerate(r.items("AdjustmentItemList"))
        for part in amount(item, "TotalAmount", "charge", line_type, item_scope(item, f"/AdjustmentItemList/{index}"),
                           item.text("ProductDescription"))
    ]
    if len(items) != len(r.data.get("AdjustmentItemList") or []):
        items = []
    return itemised_or_total(items, amount(r, "AdjustmentAmount", "charge", line_type, scope))


def removal_parts(list_name: str, suffix: str) -> PartReader:
    """Removal orders' items: revenue, removal fee, tax and tax withheld (with `suffix` on adjustments)."""
    def read(r: Reader, scope: Scope) -> list[Part]:
        parts: list[Part] = []
        for index, item in enumerate(r.items(list_name)):
            inner = item_scope(item, f"/{list_name}/{index}", None)
            parts += amount(item, f"Revenue{suffix}", "charge", "Revenue", inner)
            parts += amount(item, "FeeAmount", "fee", "RemovalFee", inner)
            parts += amount(item, f"TaxAmount{suffix}", "charge", "Tax", inner)
            parts += amount(item, f"TaxWithheld{suffix}", "withheld", "TaxWithheld", inner)
        return parts
    return read


_SHIPMENT = Kind(shipment_parts, order_field="AmazonOrderId", reference_fields=("SellerOrderId",))
_COMPONENTS = (one("ChargeComponent", "charge"), one("FeeComponent", "fee"))

KINDS: dict[str, Kind] = {
    "ShipmentEvent": _SHIPMENT,
    "ShipmentSettleEvent": _SHIPMENT,
    "RefundEvent": _SHIPMENT,
    "GuaranteeClaimEvent": _SHIPMENT,
    "ChargebackEvent": _SHIPMENT,
    "PayWithAmazonEvent": Kind(combined(one("Charge", "charge"), lists(("FeeList", "fee"))),
                               reference_fields=("SellerOrderId",)),
    "ServiceProviderCreditEvent": Kind(field("TransactionAmount", "charge", "ServiceProviderCredit",
                                             "ProviderTransactionType"), reference_fields=("SellerOrderId",)),
    "RetrochargeEvent": Kind(combined(field("BaseTax", "charge", "BaseTax"), field("ShippingTax", "charge", "ShippingTax"),
                                      taxes_withheld("RetrochargeTaxWithheldList")), order_field="AmazonOrderId"),
    "RentalTransactionEvent": Kind(combined(lists(("RentalChargeList", "charge"), ("RentalFeeList", "fee")),
                                            taxes_withheld("RentalTaxWithheldList")), order_field="AmazonOrderId"),
    "ProductAdsPaymentEvent": Kind(field("transactionValue", "fee", "ProductAdsPayment")),
    "ServiceFeeEvent": Kind(lists(("FeeList", "fee")), order_field="AmazonOrderId", sku_field="SellerSKU"),
    "SellerDealPaymentEvent": Kind(field("totalAmount", "fee", "SellerDealPayment", "feeType")),
    "CouponPaymentEvent": Kind(parts_or_total("TotalAmount", "CouponPayment", *_COMPONENTS)),
    "SellerReviewEnrollmentPaymentEvent": Kind(parts_or_total("TotalAmount", "SellerReviewEnrollmentPayment",
                                                              *_COMPONENTS)),
    "FBALiquidationEvent": Kind(combined(field("LiquidationProceedsAmount", "charge", "LiquidationProceeds"),
                                         field("LiquidationFeeAmount", "fee", "LiquidationFee"))),
    "ImagingServicesFeeEvent": Kind(lists(("FeeList", "fee"))),
    "TrialShipmentEvent": Kind(lists(("FeeList", "fee")), order_field="AmazonOrderId", sku_field="SKU"),
    "SAFETReimbursementEvent": Kind(field("ReimbursedAmount", "charge", "SAFETReimbursement")),
    "AdjustmentEvent": Kind(adjustment_parts),
    "AffordabilityExpenseEvent": Kind(field("TotalExpense", "fee", "AffordabilityExpense", "TransactionType"),
                                      order_field="AmazonOrderId"),
    "AffordabilityExpenseReversalEvent": Kind(field("TotalExpense", "fee", "AffordabilityExpenseReversal",
                                                    "TransactionType"), order_field="AmazonOrderId"),
    "NetworkComminglingTransactionEvent": Kind(combined(
        field("TaxExclusiveAmount", "charge", "NetworkCommingling", "TransactionType"),
        field("TaxAmount", "charge", "Tax"))),
    "CapacityReservationBillingEvent": Kind(field("TotalAmount", "fee", "CapacityReservationBilling", "TransactionType")),
    "ValueAddedServiceChargeEvent": Kind(field("TransactionAmount", "fee", "ValueAddedServiceCharge", "TransactionType")),
    "AdhocDisbursementEvent": Kind(field("TransactionAmount", "charge", "AdhocDisbursement", "TransactionType")),
    "FailedAdhocDisbursementEvent": Kind(field("TransferAmount", "charge", "FailedAdhocDisbursement",
                                               "FundsTransfersType")),
    "TDSReimbursementEvent": Kind(field("ReimbursedAmount", "charge", "TDSReimbursement"),
                                  reference_fields=("TDSOrderId",)),
    "TaxWithholdingEvent": Kind(field("WithheldAmount", "withheld", "TaxWithholding")),
    "ChargeRefundEvent": Kind(lists(("ChargeRefundTransactions", "charge"))),
    "RemovalShipmentEvent": Kind(removal_parts("RemovalShipmentItemList", "")),
    "RemovalShipmentAdjustmentEvent": Kind(removal_parts("RemovalShipmentItemAdjustmentList", "Adjustment")),
    "LoanServicingEvent": Kind(field("LoanAmount", "charge", "LoanServicing", "SourceBusinessEventType")),
}
