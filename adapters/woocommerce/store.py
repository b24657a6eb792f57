"""The demo WooCommerce store's settings, catalogue, clock and id sequences, and WooCommerce's date and money forms."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

# The brand's shared catalogue (copied as data: every channel sells the same SKUs): sku, name, price, product id.
CATALOGUE = [
    ("MUG-RED", "Stoneware mug, red", "18.00", 101), ("MUG-BLU", "Stoneware mug, blue", "18.00", 102),
    ("TEE-S", "Organic tee, small", "29.00", 103), ("TEE-M", "Organic tee, medium", "29.00", 104),
    ("CAP-01", "Canvas cap", "24.50", 105), ("BAG-TOTE", "Tote bag", "35.00", 106),
    ("CARD-GIFT", "Greeting card", "4.95", 107), ("POSTER-A2", "Poster A2", "22.00", 108),
]
COUPONS = [("welcome10", "percent", "10", "first order welcome offer"),
           ("spring5", "fixed_cart", "5.00", "spring newsletter promotion")]
TAX_RATE, TAX_RATE_ID = Decimal("0.06"), 1
FEE_RATE, FEE_FIXED = Decimal("0.029"), Decimal("0.30")
FLAT_RATE, FREE_SHIPPING_FROM, GIFT_WRAP = Decimal("6.95"), Decimal("75"), Decimal("3.50")
CENT = Decimal("0.01")
STORE_OFFSET = timedelta(hours=-5)
START = datetime(2026, 9, 1, tzinfo=UTC)
FIRST_ORDER_ID, FIRST_REFUND_ID, FIRST_ITEM_ID = 70_000, 90_000, 400_000
OFF_TOTAL_ID, OFF_TAX_ID = FIRST_ORDER_ID + 7, FIRST_ORDER_ID + 19
SITE = "https://demo-brand.example"


@dataclass
class Store:
    """The store's orders (by id), each order's refund objects (newest first, as WooCommerce lists them), its clock."""

    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    now: datetime = START
    rng: random.Random = field(default_factory=random.Random)
    last_item_id: int = FIRST_ITEM_ID
    last_refund_id: int = FIRST_REFUND_ID

    def item_id(self) -> int:
        """The next id of WooCommerce's order-item and meta sequence."""
        self.last_item_id += 1
        return self.last_item_id


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def set_date(body: dict[str, Any], name: str, moment: datetime | None) -> None:
    """A WooCommerce date pair: `<name>` in store time and `<name>_gmt`, both without an offset, as the API states them."""
    if moment is None:
        body[name] = body[f"{name}_gmt"] = None
        return
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    body[name], body[f"{name}_gmt"] = (utc + STORE_OFFSET).isoformat(timespec="seconds"), utc.isoformat(timespec="seconds")


def tax_on(amount: Decimal) -> Decimal:
    """The state tax on an amount, rounded per line as the store is set to."""
    return (amount * TAX_RATE).quantize(CENT)


def gmt(body: dict[str, Any], name: str) -> datetime:
    return datetime.fromisoformat(body[f"{name}_gmt"]).replace(tzinfo=UTC)


def meta(store: Store, key: str, value: Any) -> dict[str, Any]:
    return {"id": store.item_id(), "key": key, "value": value}


def links(order_id: int, refund_id: int | None = None) -> dict[str, Any]:
    base = f"{SITE}/wp-json/wc/v3/orders/{order_id}"
    if refund_id is None:
        return {"self": [{"href": base}], "collection": [{"href": f"{SITE}/wp-json/wc/v3/orders"}]}
    return {"self": [{"href": f"{base}/refunds/{refund_id}"}], "collection": [{"href": f"{base}/refunds"}],
            "up": [{"href": base}]}
