"""One parcel reported by the 3PL, the carrier and the channel is one shipment: its units move and count once."""

from __future__ import annotations

from canonical_model.events import Event, ShipmentCreated, ShipmentDelivered, ShipmentLine, ShipmentShipped
from canonical_model.identity import SourceRef
from canonical_model.order_view import order_view
from canonical_model.parcels import as_parcels, normalise_tracking, parcel_ids
from canonical_model.recognition import AT_DELIVERY, RecognitionPolicy
from canonical_model.stock_moves import stock_moves
from tests.builders import at, order_placed, order_ref

LINES = (ShipmentLine("MUG-RED", 2, "L1"), ShipmentLine("CARD", 1, "L2"))


def _from(system: str, shipment: str, *bodies: object, day: int = 2) -> list[Event]:
    return [Event(body, SourceRef(system, "acct", "shipment", shipment, f"v{index}"), at(day + index), order_ref(),
                  key=str(index)) for index, body in enumerate(bodies)]


def three_sightings() -> list[Event]:
    """The 3PL packs and ships it, the carrier's label and tracker scan it to delivery, the storefront is told."""
    threepl = _from("shipbob", "SB-77", ShipmentCreated("SB-77", "SHIPPED", LINES, "SB-CHICAGO", "USPS", ("9400 1112",)),
                    ShipmentShipped("SB-77", at(2)))
    carrier = _from("easypost", "shp_1", ShipmentCreated("shp_1", "PRE_TRANSIT", (), None, "USPS", ("94001112",)),
                    ShipmentShipped("shp_1", at(2)), ShipmentDelivered("shp_1", at(5)), day=1)
    channel = _from("shop", "F-1", ShipmentCreated("F-1", "SUCCESS", LINES, "loc-1", "USPS", ("94001112",)), day=3)
    return sorted([order_placed(), *threepl, *carrier, *channel], key=lambda e: e.occurred_at)


def test_shipments_sharing_a_tracking_number_are_one_parcel_named_after_the_first_with_lines() -> None:
    ids = parcel_ids(three_sightings())
    packer = ("shipbob", "SB-77")
    assert ids == {("easypost", "shp_1"): packer, packer: packer, ("shop", "F-1"): packer}
    untracked = _from("shop", "F-9", ShipmentCreated("F-9", "SUCCESS", LINES))
    assert parcel_ids(untracked) == {("shop", "F-9"): ("shop", "F-9")}


def test_the_order_shows_one_delivered_shipment_and_ships_its_units_once() -> None:
    view = order_view(order_ref(), three_sightings())
    shipments = view.fulfillment.shipments
    assert [(s.id, s.status, s.location, normalise_tracking(s.tracking_number or "")) for s in shipments] == [
        ("SB-77", "DELIVERED", "SB-CHICAGO", "94001112")]
    assert {(line.sku, line.quantity) for line in shipments[0].lines} == {("MUG-RED", 2), ("CARD", 1)}
    assert (view.fulfillment.shipped_units, view.fulfillment.delivered_units) == (3, 3)
    assert view.fulfillment.status == "DELIVERED"
    assert not [f for f in view.findings if f.kind == "QUANTITY_MISMATCH"]


def test_stock_leaves_once_from_the_location_that_packed_it() -> None:
    moves = [(m.sku, m.location, m.quantity) for m in stock_moves(three_sightings()) if m.kind == "SHIP"]
    assert sorted(moves) == [("CARD", "SB-CHICAGO", 1), ("MUG-RED", "SB-CHICAGO", 2)]


def test_revenue_at_delivery_is_recognised_when_the_carrier_delivers_the_3pl_parcel() -> None:
    delivered = [e for e in as_parcels(three_sightings()) if isinstance(e.body, ShipmentDelivered)]
    assert [(e.source.system, e.body.shipment_id) for e in delivered] == [("easypost", "SB-77")]
    view = order_view(order_ref(), three_sightings(), recognition=RecognitionPolicy(revenue_at=AT_DELIVERY))
    revenue = view.finance.recognised_revenue
    assert revenue is not None and revenue.amount == view.commerce.subtotal.amount + view.commerce.shipping_total.amount


def test_a_recycled_tracking_number_never_joins_two_orders() -> None:
    first = Event(ShipmentCreated("F-1", "SUCCESS", LINES, None, "UPS", ("1Z999",)),
                  SourceRef("shop", "acct", "shipment", "F-1", "1"), at(2), order_ref("1001"))
    again = Event(ShipmentCreated("F-2", "SUCCESS", LINES, None, "UPS", ("1Z999",)),
                  SourceRef("shop", "acct", "shipment", "F-2", "1"), at(20), order_ref("1002"))
    tracker = Event(ShipmentCreated("trk_1", "IN_TRANSIT", (), None, "UPS", ("1Z999",)),
                    SourceRef("easypost", "acct", "tracker", "trk_1", "1"), at(3))
    assert parcel_ids([first, tracker, again]) == {
        ("shop", "F-1"): ("shop", "F-1"), ("easypost", "trk_1"): ("shop", "F-1"), ("shop", "F-2"): ("shop", "F-2")}
    moves = [(m.order_id, m.quantity) for m in stock_moves([first, tracker, again]) if m.sku == "MUG-RED"]
    assert moves == [(order_ref("1001").order_id, 2), (order_ref("1002").order_id, 2)]


def test_the_parcel_leaves_from_the_3pl_warehouse_even_when_the_channel_stated_lines_first() -> None:
    channel = _from("ebay", "F-1", ShipmentCreated("F-1", "SHIPPED", LINES, None, "USPS", ("94001112",)), day=2)
    threepl = _from("shiphero", "SH-5", ShipmentCreated("SH-5", "SHIPPED", LINES, "shiphero:WH1", "USPS", ("94001112",)),
                    ShipmentShipped("SH-5", at(3)), day=3)
    events = sorted([order_placed(), *channel, *threepl], key=lambda e: e.occurred_at)
    net: dict[tuple[str, str], int] = {}
    for move in stock_moves(events):
        net[(move.sku, move.location)] = net.get((move.sku, move.location), 0) + move.quantity
    assert {key: units for key, units in net.items() if units} == {("CARD", "shiphero:WH1"): 1,
                                                                    ("MUG-RED", "shiphero:WH1"): 2}
    [parcel] = order_view(order_ref(), events).fulfillment.shipments
    assert (parcel.id, parcel.location) == ("F-1", "shiphero:WH1")
