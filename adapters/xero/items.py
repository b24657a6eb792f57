"""A Xero Item as ItemRecorded: Code as sku, purchase and sales unit prices, and whether stock is tracked.

Xero states no currency on an item: its prices are in the organisation's base currency, which only
the connection can tell. An item that states a price maps only when that currency is known.
"""

from __future__ import annotations

from adapters.toolkit import MappingContext, Reader, SourceObject
from adapters.xero.common import currency_of, number_text, origin, path_of, required_time, updated_version, without_empty
from canonical_model.events import Event
from canonical_model.inventory_events import ItemRecorded


def item_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """ItemRecorded for one item version, at the time Xero last changed it."""
    r = Reader(obj.data, path_of(obj.pointer))
    purchase = r.child("PurchaseDetails") or Reader({}, r.at("PurchaseDetails"))
    sales = r.child("SalesDetails") or Reader({}, r.at("SalesDetails"))
    priced = any(part.data.get("UnitPrice") not in (None, "") for part in (purchase, sales))
    currency = currency_of(r, base_currency) if priced else None
    tracked = r.data.get("IsTrackedAsInventory")
    body = ItemRecorded(
        sku=str(r.required("Code")),
        name=r.text("Name"),
        unit_cost=purchase.money("UnitPrice", currency) if currency else None,
        unit_price=sales.money("UnitPrice", currency) if currency else None,
        tracked=tracked if isinstance(tracked, bool) else None,
    )
    context = without_empty({
        "item_id": r.text("ItemID"),
        "is_sold": r.data.get("IsSold"),
        "is_purchased": r.data.get("IsPurchased"),
        "quantity_on_hand": number_text(r.data.get("QuantityOnHand")),
        "total_cost_pool": number_text(r.data.get("TotalCostPool")),
        "inventory_asset_account_code": r.text("InventoryAssetAccountCode"),
        "sales_account_code": sales.text("AccountCode"),
        "purchase_account_code": purchase.text("AccountCode") or purchase.text("COGSAccountCode"),
    })
    source = origin(ctx, "Item", str(r.required("ItemID")), updated_version(r), obj.pointer, context, [])
    return [source.event(body, required_time(r, "UpdatedDateUTC"))]
