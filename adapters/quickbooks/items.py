"""A QuickBooks Item as ItemRecorded: its Sku (or Name), purchase cost, sales price and whether stock is tracked.

QuickBooks states no currency on an Item: its prices are in the company's home currency, which only
the connection can tell. An item that states a price maps only when that currency is known.
"""

from __future__ import annotations

from adapters.quickbooks.common import currency_of, number_text, origin, path_of, ref_name, updated_at, without_empty
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event
from canonical_model.inventory_events import ItemRecorded


def item_events(obj: SourceObject, ctx: MappingContext, home_currency: str | None) -> list[Event]:
    """ItemRecorded for one item version, at the time QuickBooks last changed it."""
    r = Reader(obj.data, path_of(obj.pointer))
    name = r.text("Name")
    sku = r.text("Sku") or name
    if sku is None:
        raise PayloadError(r.at("Name"), "is required (the item states no Sku either)")
    priced = any(r.data.get(field) not in (None, "") for field in ("UnitPrice", "PurchaseCost"))
    currency = currency_of(r, home_currency) if priced else None
    body = ItemRecorded(
        sku=sku,
        name=name,
        unit_cost=r.money("PurchaseCost", currency) if currency else None,
        unit_price=r.money("UnitPrice", currency) if currency else None,
        tracked=r.data.get("TrackQtyOnHand") if isinstance(r.data.get("TrackQtyOnHand"), bool) else None,
    )
    context = without_empty({
        "item_id": str(r.required("Id")),
        "type": r.text("Type"),
        "active": r.data.get("Active"),
        "qty_on_hand": number_text(r.data.get("QtyOnHand")),
        "inventory_start_date": r.text("InvStartDate"),
        "fully_qualified_name": r.text("FullyQualifiedName"),
        "income_account": ref_name(r, "IncomeAccountRef"),
        "expense_account": ref_name(r, "ExpenseAccountRef"),
        "asset_account": ref_name(r, "AssetAccountRef"),
    })
    return [origin(ctx, "Item", r, obj.pointer, context, []).event(body, updated_at(r))]
