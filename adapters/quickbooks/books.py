"""The QuickBooks Online company the simulator serves: the brand's books of its Amazon and Shopify sales.

From a sales feed (`adapters.toolkit.sales_feed.Sale`), the way a sales-channel connector books them:
- a Shopify order that shipped: one SalesReceipt (paid at once through Shopify Payments into Undeposited
  Funds), DocNumber the order name ("#1001"), PrivateNote "Shopify order #1001", dated the day of its first
  parcel, with TrackingNum;
- an Amazon order that shipped (its own parcels, or Amazon's for FBA): one Invoice with DocNumber the
  Amazon order id, and one Payment applying the same amount to it, dated the same day;
- a refund: one CreditMemo of exactly the refunded amount (tax included) on the order's DocNumber, its
  lines the refunded units at the sold price and the rest as tax;
- the catalogue's Items and a chart of Accounts (Id -> name; `HUB_ACCOUNTS` maps the hub's chart to it);
- one deleted object: a duplicate SalesReceipt of the first Shopify sale, booked twice by the connector
  and deleted an hour later. Queries never show it; change data capture reports it `"status": "Deleted"`.
Every document's lines plus tax add up to the sale's total to the cent: no gap is planted here.

Times are the company's (Pacific, written with a -07:00 offset); `now` is an hour after the last booking
and moves only with `touch`, so two reads of an unchanged company are identical.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from adapters.toolkit.sales_feed import CATALOGUE, UNIT_COSTS, Refund, Sale

COMPANY_TIME = timezone(timedelta(hours=-7))
REALM_ID = "9130354"
CENT = Decimal("0.01")
# The company's chart: Id, Name, AccountType, AccountSubType.
ACCOUNTS = (
    ("35", "Checking", "Bank", "Checking"), ("4", "Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
    ("84", "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
    ("81", "Inventory Asset", "Other Current Asset", "Inventory"),
    ("90", "Payments to deposit", "Other Current Asset", "OtherCurrentAssets"),
    ("79", "Sales of Product Income", "Income", "SalesOfProductIncome"),
    ("83", "Shipping Income", "Income", "OtherPrimaryIncome"),
    ("86", "Discounts given", "Income", "DiscountsRefundsGiven"),
    ("87", "Refunds given", "Income", "DiscountsRefundsGiven"),
    ("88", "Deferred Revenue", "Other Current Liability", "OtherCurrentLiabilities"),
    ("33", "Sales Tax Payable", "Other Current Liability", "SalesTaxPayable"),
    ("89", "Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
    ("80", "Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
    ("58", "Merchant and marketplace fees", "Expense", "BankCharges"),
    ("59", "Chargebacks", "Expense", "OtherMiscellaneousServiceCost"),
    ("60", "Inventory shrinkage", "Cost of Goods Sold", "OtherCostsOfServiceCos"),
    ("91", "Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
)
# The hub's chart (canonical_model.journal.ChartOfAccounts) on this company's accounts: the `accounts`
# option of a connection to the simulator. A parent stands for its children (Expenses:Fees:*).
HUB_ACCOUNTS = {
    "Assets:Receivable": "84", "Assets:Clearing": "90", "Assets:Bank": "35", "Assets:Inventory": "81",
    "Income:Sales": "79", "Income:Shipping": "83", "Income:Discounts": "86", "Income:Refunds": "87",
    "Income:InventoryCountGains": "60", "Liabilities:DeferredRevenue": "88", "Liabilities:SalesTax": "33",
    "Liabilities:GoodsReceivedNotInvoiced": "89", "Liabilities:FreightPayable": "89", "Liabilities:Payable": "89",
    "Expenses:COGS": "80", "Expenses:Fees": "58", "Expenses:Chargebacks": "59", "Expenses:Inventory": "60",
    "Equity": "91",
}
CHANNELS = {"shopify": ("Shopify", "Shopify Payments"), "amazon": ("Amazon", "Amazon Pay")}


@dataclass
class Books:
    """The company's entities by type and Id, the deleted ones, and the answers of creates by requestid."""

    realm_id: str
    now: datetime
    entities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    deleted: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    created: dict[str, dict[str, Any]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    last_id: int = 100

    def next_id(self) -> str:
        self.last_id += 1
        return str(self.last_id)

    def add(self, kind: str, entity: dict[str, Any]) -> dict[str, Any]:
        self.entities.setdefault(kind, {})[entity["Id"]] = entity
        return entity

    def listed(self, kind: str) -> list[dict[str, Any]]:
        """The live entities of a type, oldest change first (ties by Id)."""
        return sorted(self.entities.get(kind, {}).values(), key=lambda e: (changed_at(e), int(e["Id"])))


def stamp(moment: datetime) -> str:
    return moment.astimezone(COMPANY_TIME).isoformat(timespec="seconds")


def changed_at(entity: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(entity["MetaData"]["LastUpdatedTime"])


def meta(created: datetime, updated: datetime | None = None) -> dict[str, str]:
    return {"CreateTime": stamp(created), "LastUpdatedTime": stamp(updated or created)}


def touched_entity(entity: dict[str, Any], at: datetime) -> None:
    """A saved edit: QuickBooks raises the SyncToken and LastUpdatedTime."""
    entity["SyncToken"] = str(int(entity["SyncToken"]) + 1)
    entity["MetaData"]["LastUpdatedTime"] = stamp(at)


def as_json(document: Any) -> bytes:
    """The document as QuickBooks writes it: amounts as JSON numbers, exactly as the Decimals are."""
    marked = json.dumps(document, default=_marked)
    return re.sub(r'"\\u0000([-0-9.Ee+]+)\\u0000"', r"\1", marked).encode()


def _marked(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"\x00{value}\x00"
    raise TypeError(f"{value!r} is not JSON")


def _ref(value: str, name: str | None = None) -> dict[str, str]:
    return {"value": value, "name": name} if name else {"value": value}


def _account(account_id: str) -> dict[str, str]:
    return _ref(account_id, next(name for ident, name, *_ in ACCOUNTS if ident == account_id))


def _item_line(index: int, sku: str, title: str, quantity: int, amount: Decimal, items: dict[str, str]) -> dict:
    detail: dict[str, Any] = {"ItemRef": _ref(items.get(sku, "1"), sku), "Qty": Decimal(quantity),
                              "TaxCodeRef": _ref("TAX")}
    unit = amount / quantity
    if unit == unit.quantize(CENT):
        detail["UnitPrice"] = unit.quantize(CENT)
    return {"Id": str(index), "LineNum": index, "Description": title, "Amount": amount,
            "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": detail}


def _charge_line(index: int, description: str, amount: Decimal, item: str) -> dict[str, Any]:
    return {"Id": str(index), "LineNum": index, "Description": description, "Amount": amount,
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": _ref(item, description), "TaxCodeRef": _ref("NON")}}


def _tax(tax: Decimal, taxable: Decimal) -> dict[str, Any]:
    if not tax:
        return {"TotalTax": Decimal("0.00"), "TaxLine": []}
    return {"TotalTax": tax, "TaxLine": [{"Amount": tax, "DetailType": "TaxLineDetail", "TaxLineDetail": {
        "TaxRateRef": _ref("3"), "PercentBased": True, "NetAmountTaxable": taxable}}]}


def sale_lines(sale: Sale, items: dict[str, str]) -> list[dict[str, Any]]:
    """The document lines of a sale: its items, other charges and shipping, adding up to total less tax."""
    lines = [_item_line(n, line.sku, line.title, line.quantity, line.amount, items)
             for n, line in enumerate(sale.lines, start=1)]
    if sale.charges:
        lines.append(_charge_line(len(lines) + 1, "Other charges", sale.charges, items["OTHER-CHARGES"]))
    if sale.shipping:
        lines.append(_charge_line(len(lines) + 1, "Shipping", sale.shipping, "SHIPPING_ITEM_ID"))
    if sum((line["Amount"] for line in lines), Decimal(0)) + sale.tax != sale.total:
        raise ValueError(f"sale {sale.reference}: lines + tax do not make its total {sale.total}")
    return lines + [{"Amount": sale.subtotal, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}]


def booked_on(sale: Sale) -> datetime | None:
    """When the connector books a sale: its first parcel's shipping, or placement for Amazon's own (FBA)."""
    if sale.cancelled or not sale.total:
        return None
    if sale.parcels:
        return min(parcel.shipped_at for parcel in sale.parcels)
    return sale.paid_at if sale.channel == "amazon" and "AFN" in sale.tags else None


def sales_document(books: Books, sale: Sale, kind: str, at: datetime, items: dict[str, str]) -> dict[str, Any]:
    """The SalesReceipt or Invoice booking one sale."""
    channel, method = CHANNELS.get(sale.channel, (sale.channel.title(), "Card"))
    document: dict[str, Any] = {
        "Id": books.next_id(), "SyncToken": "0", "domain": "QBO", "sparse": False, "MetaData": meta(at),
        "DocNumber": sale.reference, "TxnDate": at.astimezone(COMPANY_TIME).date().isoformat(),
        "CurrencyRef": _ref(sale.currency), "PrivateNote": f"{channel} order {sale.reference}",
        "Line": sale_lines(sale, items), "TxnTaxDetail": _tax(sale.tax, sale.subtotal),
        "CustomerRef": _ref("1" if sale.channel == "shopify" else "2", f"{channel} customers"),
        "TotalAmt": sale.total, "EmailStatus": "NotSet", "PrintStatus": "NotSet",
        "GlobalTaxCalculation": "TaxExcluded", "ApplyTaxAfterDiscount": False,
    }
    if sale.parcels:
        document |= {"ShipDate": sale.parcels[0].shipped_at.date().isoformat(),
                     "TrackingNum": sale.parcels[0].tracking_number}
    if kind == "Invoice":
        due = (at + timedelta(days=14)).astimezone(COMPANY_TIME).date().isoformat()
        return document | {"DueDate": due, "Balance": sale.total, "SalesTermRef": _ref("2", "Net 15")}
    return document | {"Balance": Decimal("0.00"), "PaymentMethodRef": _ref("5", method),
                       "DepositToAccountRef": _account("4")}


def payment(books: Books, invoice: dict[str, Any], at: datetime) -> dict[str, Any]:
    """A Payment applying the invoice's whole amount to it; the invoice's balance becomes zero."""
    invoice["Balance"] = Decimal("0.00")
    amount = invoice["TotalAmt"]
    return {"Id": books.next_id(), "SyncToken": "0", "domain": "QBO", "sparse": False, "MetaData": meta(at),
            "TxnDate": invoice["TxnDate"], "CurrencyRef": invoice["CurrencyRef"], "CustomerRef": invoice["CustomerRef"],
            "TotalAmt": amount, "UnappliedAmt": Decimal("0.00"), "ProcessPayment": False,
            "PaymentRefNum": invoice["DocNumber"][:21], "DepositToAccountRef": _account("4"),
            "PrivateNote": f"Amazon settlement for order {invoice['DocNumber']}",
            "Line": [{"Amount": amount, "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}],
                      "LineEx": {"any": [{"name": "{http://schema.intuit.com/finance/v3}NameValue",
                                          "declaredType": "com.intuit.schema.finance.v3.NameValue", "scope":
                                          "javax.xml.bind.JAXBElement$GlobalScope", "value": {
                                              "Name": "txnReferenceNumber", "Value": invoice["DocNumber"]}}]}}]}


def credit_memo(books: Books, sale: Sale, refund: Refund, items: dict[str, str]) -> dict[str, Any]:
    """A CreditMemo of exactly the refund: the refunded units at their sold price, the rest of it tax."""
    prices = {line.sku: line.unit_price for line in sale.lines}
    lines = [_item_line(n, sku, sku, quantity, (prices[sku] * quantity).quantize(CENT), items)
             for n, (sku, quantity) in enumerate(refund.lines, start=1) if sku in prices]
    net = sum((line["Amount"] for line in lines), Decimal(0))
    if not lines or net > refund.amount:
        lines, net = [_charge_line(1, f"Refund {refund.reference}", refund.amount, items["REFUNDS"])], refund.amount
    channel = CHANNELS.get(sale.channel, (sale.channel.title(), ""))[0]
    at = refund.at + timedelta(hours=1)
    return {"Id": books.next_id(), "SyncToken": "0", "domain": "QBO", "sparse": False, "MetaData": meta(at),
            "DocNumber": sale.reference, "TxnDate": at.astimezone(COMPANY_TIME).date().isoformat(),
            "CurrencyRef": _ref(sale.currency), "CustomerRef": _ref("1" if sale.channel == "shopify" else "2"),
            "PrivateNote": f"{channel} refund {refund.reference} of order {sale.reference}: {refund.reason}"[:4000],
            "Line": lines, "TxnTaxDetail": _tax(refund.amount - net, net), "TotalAmt": refund.amount,
            "RemainingCredit": Decimal("0.00"), "Balance": Decimal("0.00"), "EmailStatus": "NotSet"}


def catalogue_items(books: Books, at: datetime) -> dict[str, str]:
    """The catalogue as inventory Items, plus the service items sales lines use; sku -> Item Id."""
    ids = {}
    for minute, (sku, title, price) in enumerate(CATALOGUE):
        item = books.add("Item", {
            "Id": books.next_id(), "SyncToken": "0", "domain": "QBO", "sparse": False,
            "MetaData": meta(at + timedelta(minutes=minute)),
            "Name": sku, "Sku": sku, "Description": title, "FullyQualifiedName": sku, "Active": True, "Taxable": True,
            "Type": "Inventory", "UnitPrice": price, "PurchaseCost": UNIT_COSTS[sku], "TrackQtyOnHand": True,
            "QtyOnHand": Decimal(0), "InvStartDate": at.date().isoformat(), "IncomeAccountRef": _account("79"),
            "ExpenseAccountRef": _account("80"), "AssetAccountRef": _account("81")})
        ids[sku] = item["Id"]
    for minute, (key, name, account) in enumerate((("OTHER-CHARGES", "Other charges", "79"),
                                                   ("REFUNDS", "Refunds", "87")), start=len(CATALOGUE)):
        ids[key] = books.add("Item", {
            "Id": books.next_id(), "SyncToken": "0", "domain": "QBO", "sparse": False,
            "MetaData": meta(at + timedelta(minutes=minute)),
            "Name": name, "FullyQualifiedName": name, "Active": True, "Type": "Service",
            "IncomeAccountRef": _account(account)})["Id"]
    return ids


def chart(books: Books, at: datetime) -> None:
    for ident, name, kind, subtype in ACCOUNTS:
        books.add("Account", {"Id": ident, "SyncToken": "0", "domain": "QBO", "sparse": False, "MetaData": meta(at),
                              "Name": name, "FullyQualifiedName": name, "Active": True, "AccountType": kind,
                              "AccountSubType": subtype, "CurrentBalance": Decimal(0), "CurrencyRef": _ref("USD")})
