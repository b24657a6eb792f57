"""A parcel's carrier steps follow its sale's story; a standalone feed keeps its newest parcels on their way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.toolkit.parcel_journey import carrier_steps, newest_in_transit
from adapters.toolkit.sales_feed import Parcel, synthetic_sales

SHIPPED = datetime(2026, 10, 5, 14, tzinfo=UTC)


def test_a_delivered_parcel_is_labelled_accepted_halfway_out_for_delivery_and_delivered() -> None:
    parcel = Parcel("9400100", (("MUG-RED", 1),), SHIPPED, SHIPPED + timedelta(days=3))
    assert carrier_steps(parcel, timedelta(hours=2)) == [
        (SHIPPED - timedelta(hours=2), "label_created"), (SHIPPED, "accepted"),
        (SHIPPED + timedelta(hours=36), "regional_facility"), (SHIPPED + timedelta(hours=68), "out_for_delivery"),
        (SHIPPED + timedelta(days=3), "delivered"),
    ]


def test_a_quick_delivery_goes_out_before_halfway_so_only_its_delivery_is_scanned_after() -> None:
    parcel = Parcel("9400101", (("MUG-RED", 1),), SHIPPED, SHIPPED + timedelta(hours=6))
    steps = [step for _, step in carrier_steps(parcel, timedelta(hours=2))]
    assert steps == ["label_created", "accepted", "regional_facility", "delivered"]


def test_an_undelivered_parcel_stops_at_the_regional_facility_twenty_hours_on() -> None:
    parcel = Parcel("9400102", (("MUG-RED", 1),), SHIPPED)
    assert carrier_steps(parcel, timedelta(hours=1))[-1] == (SHIPPED + timedelta(hours=20), "regional_facility")


def test_the_newest_tenth_of_shipped_sales_and_at_least_two_are_still_in_transit() -> None:
    sales = synthetic_sales(40, seed=3)
    assert all(parcel.delivered_at for sale in sales for parcel in sale.parcels)
    kept = newest_in_transit(sales)
    shipped = sorted((sale for sale in sales if sale.parcels), key=lambda sale: sale.parcels[0].shipped_at)
    waiting = {sale.reference for sale in kept if any(p.delivered_at is None for p in sale.parcels)}
    assert waiting == {sale.reference for sale in shipped[-max(2, len(shipped) // 10):]}
    assert [sale.reference for sale in kept] == [sale.reference for sale in sales]
    assert all(k == s for k, s in zip(kept, sales, strict=True) if k.reference not in waiting)
    assert len(waiting) == 3, "38 shipped sales: the newest tenth is three"
