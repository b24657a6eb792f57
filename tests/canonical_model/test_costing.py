"""Given receipts, shipments, returns and transfers, when costed, then COGS and ending inventory are exact."""

from __future__ import annotations

from canonical_model.cost_layers import FIFO, WEIGHTED_AVERAGE
from canonical_model.costing import costing
from tests.builders import at
from tests.canonical_model.stock_builders import (
    adjusted,
    money,
    received,
    return_inspected,
    return_received,
    shipment,
    transfer_in,
    transfer_out,
    when,
)


def _call_mart() -> list:
    return [
        received("P-0302", "WH", [("ITEM", 2000, "4.00")], moment=when(3, 2)),
        received("P-0315", "WH", [("ITEM", 6000, "4.40")], moment=when(3, 15)),
        *shipment("S-0319", "S-0319", [("ITEM", 4000)], "WH", moment=when(3, 19)),
        received("P-0330", "WH", [("ITEM", 2000, "4.75")], moment=when(3, 30)),
    ]


def test_call_mart_textbook_case_fifo() -> None:
    """Kieso, Weygandt & Warfield, Intermediate Accounting, ch. 8 "Valuation of Inventories: A Cost-Basis
    Approach", the Call-Mart Inc. illustrations (the illustration numbers vary by edition):

        March 2  purchase 2,000 @ 4.00 =  8,000
        March 15 purchase 6,000 @ 4.40 = 26,400
        March 19 sold     4,000
        March 30 purchase 2,000 @ 4.75 =  9,500      goods available 10,000 units, 43,900

    FIFO (perpetual gives the same as periodic): the sale takes 2,000 @ 4.00 + 2,000 @ 4.40 = 16,800;
    ending inventory 4,000 @ 4.40 + 2,000 @ 4.75 = 17,600 + 9,500 = 27,100 (16,800 + 27,100 = 43,900).
    """
    state = costing(_call_mart(), FIFO)
    [cogs] = [m for m in state.movements if m.kind == "COGS"]
    assert cogs.cost == money("16800.00")
    assert [(d.source, d.quantity, d.value) for d in cogs.draws] == [
        ("receipt P-0302", 2000, money("8000.00")), ("receipt P-0315", 2000, money("8800.00"))]
    assert state.inventory_value("ITEM") == money("27100.00") and state.units("ITEM") == 6000


def test_call_mart_textbook_case_moving_average() -> None:
    """Same source, the moving-average (perpetual weighted average) illustration:

        March 15 balance 8,000 units, 8,000 + 26,400 = 34,400, average 34,400 / 8,000 = 4.30
        March 19 sold 4,000 @ 4.30 = 17,200; balance 4,000 @ 4.30 = 17,200
        March 30 balance 6,000 units, 17,200 + 9,500 = 26,700, average 4.45

    COGS 17,200 and ending inventory 26,700 (17,200 + 26,700 = 43,900).
    """
    state = costing(_call_mart(), WEIGHTED_AVERAGE)
    [cogs] = [m for m in state.movements if m.kind == "COGS"]
    assert cogs.cost == money("17200.00")
    assert state.inventory_value("ITEM") == money("26700.00")
    assert [layer.unit_cost for layer in state.layers] == [money("4.45")]


def _two_sales() -> list:
    return [
        received("BEGIN", "WH", [("ITEM", 100, "10.00")], moment=when(1, 1)),
        received("P1", "WH", [("ITEM", 200, "12.00")], moment=when(1, 5)),
        *shipment("O1", "S1", [("ITEM", 150)], "WH", moment=when(1, 10)),
        received("P2", "WH", [("ITEM", 150, "14.00")], moment=when(1, 15)),
        *shipment("O2", "S2", [("ITEM", 200)], "WH", moment=when(1, 20)),
    ]


def test_two_sales_between_three_cost_levels_fifo_and_moving_average() -> None:
    """A worked perpetual-inventory case computed by hand (goods available 1,000 + 2,400 + 2,100 = 5,500):

    FIFO: sale 1 = 100 @ 10 + 50 @ 12 = 1,600; sale 2 = 150 @ 12 + 50 @ 14 = 2,500; COGS 4,100;
    ending 100 @ 14 = 1,400.
    Moving average: 300 units for 3,400 -> sale 1 = 3,400 x 150 / 300 = 1,700.00; left 150 for 1,700;
    with 2,100 more, 300 units for 3,800 -> sale 2 = 3,800 x 200 / 300 = 2,533.33 (rounded to the cent);
    COGS 4,233.33; ending 100 units for 3,800 - 2,533.33 = 1,266.67 (nothing lost to rounding).
    """
    fifo = costing(_two_sales(), FIFO)
    assert [m.cost for m in fifo.movements if m.kind == "COGS"] == [money("1600.00"), money("2500.00")]
    assert fifo.inventory_value() == money("1400.00")
    average = costing(_two_sales(), WEIGHTED_AVERAGE)
    assert [m.cost for m in average.movements if m.kind == "COGS"] == [money("1700.00"), money("2533.33")]
    assert average.inventory_value() == money("1266.67")


def test_landed_cost_is_part_of_the_layer() -> None:
    state = costing([received("P1", "WH", [("MUG", 10, "4.00")], landed="0.50")])
    assert state.inventory_value("MUG") == money("45.00")


def test_shipment_without_layers_has_unknown_cogs() -> None:
    state = costing([received("P1", "WH", [("MUG", 1, "4.00")]), *shipment("1001", "S1", [("MUG", 3)], "WH")])
    [cogs] = state.for_order(shipment("1001", "S1", [], "WH")[0].order_id)
    assert (cogs.cost, cogs.uncosted_units, cogs.quantity) == (None, 2, 3)


def test_restocked_return_reenters_at_the_cost_it_left_with() -> None:
    events = [received("P1", "WH", [("MUG", 2, "4.00")], day=1), *shipment("1001", "S1", [("MUG", 2)], "WH", day=2),
              received("P2", "WH", [("MUG", 5, "6.00")], day=3), return_received("1001", "RT1", [("MUG", 1)],
                                                                                 location="WH", day=4),
              return_inspected("1001", "RT1", "RESTOCK", [("MUG", 1)], day=5)]
    state = costing(events, FIFO)
    reversal = [m for m in state.movements if m.kind == "COGS_REVERSAL"]
    assert [(m.quantity, m.cost) for m in reversal] == [(1, money("4.00"))]
    assert state.inventory_value("MUG") == money("34.00")


def test_transfer_moves_layers_with_the_units_and_capitalises_freight() -> None:
    events = [received("P1", "EAST", [("MUG", 10, "4.00")], day=1),
              transfer_out("T1", "EAST", "WEST", [("MUG", 4)], day=2, freight="2.00"),
              transfer_in("T1", "WEST", [("MUG", 4)], day=4)]
    state = costing(events, FIFO)
    assert state.inventory_value("MUG", "EAST") == money("24.00")
    assert state.inventory_value("MUG", "WEST") == money("18.00")
    assert [layer.source for layer in state.layers if layer.location == "WEST"] == ["receipt P1 via transfer T1"]
    assert [m.cost for m in state.movements if m.kind == "FREIGHT"] == [money("2.00")]


def test_count_loss_draws_layers_and_gain_enters_at_average_cost() -> None:
    events = [received("P1", "WH", [("MUG", 10, "4.00")], day=1), adjusted("MUG", "WH", -2, day=2),
              adjusted("MUG", "WH", 1, day=3, ident="A2")]
    state = costing(events, FIFO)
    assert [(m.kind, m.cost) for m in state.movements if m.kind != "RECEIPT"] == [
        ("SHRINKAGE", money("8.00")), ("COUNT_GAIN", money("4.00"))]
    assert state.units("MUG") == 9


def test_weighted_average_is_kept_per_location() -> None:
    events = [received("P1", "EAST", [("MUG", 1, "4.00")], day=1), received("P2", "WEST", [("MUG", 1, "8.00")], day=1),
              *shipment("1001", "S1", [("MUG", 1)], "WEST", moment=at(2))]
    state = costing(events, WEIGHTED_AVERAGE)
    assert [m.cost for m in state.movements if m.kind == "COGS"] == [money("8.00")]
