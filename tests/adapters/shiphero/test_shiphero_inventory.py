"""ShipHero stock by warehouse as reported levels, from warehouse_products and from a product's warehouse_products."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.inventory_events import InventoryLevelReported
from tests.adapters.shiphero.shiphero_payloads import (
    EAST_WAREHOUSE,
    WAREHOUSE,
    mapped,
    page,
    product,
    single,
    warehouse_product,
)


def test_a_warehouse_product_reports_available_and_on_hand_at_its_warehouse() -> None:
    (event,) = mapped(page("warehouse_products", [warehouse_product()]))

    assert event.body == InventoryLevelReported("MUG-RED", f"shiphero:{WAREHOUSE}", available=96, on_hand=120)
    assert (event.source.object_type, event.source.object_id) == ("warehouse_product", f"MUG-RED@{WAREHOUSE}")
    assert event.occurred_at == datetime(2026, 3, 4, 6, 0, 12, tzinfo=UTC)
    assert event.order is None and event.references == ()
    assert event.payload_pointer == "/data/warehouse_products/data/edges/0/node"


def test_shipheros_other_counts_and_bins_travel_in_context() -> None:
    (event,) = mapped(page("warehouse_products", [warehouse_product(backorder=3, non_sellable_quantity=2)]))

    assert event.context["allocated"] == 24 and event.context["backorder"] == 3
    assert event.context["non_sellable_quantity"] == 2
    assert event.context["warehouse_identifier"] == "Primary" and event.context["inventory_bin"] == "A-01-07"


def test_a_product_reports_its_stock_at_each_warehouse() -> None:
    primary, east = mapped(single("product", product()))

    assert primary.body == InventoryLevelReported("MUG-RED", f"shiphero:{WAREHOUSE}", 96, 120)
    assert east.body == InventoryLevelReported("MUG-RED", f"shiphero:{EAST_WAREHOUSE}", 38, 40)
    assert east.payload_pointer == "/data/product/data/warehouse_products/1"


def test_the_same_level_read_through_a_product_or_warehouse_products_is_the_same_fact() -> None:
    (direct,) = mapped(page("warehouse_products", [warehouse_product()]))
    (through_product, _) = mapped(page("products", [product()]))

    assert direct.id == through_product.id


def test_a_product_level_without_sku_or_time_takes_the_products() -> None:
    level = warehouse_product(sku=None, updated_at=None)
    (event,) = mapped(single("product", product(warehouse_products=[level])))

    assert event.body.sku == "MUG-RED"
    assert event.occurred_at == datetime(2026, 1, 15, 11, 0, tzinfo=UTC)


def test_replay_gives_identical_ids_and_a_changed_count_a_new_one_even_at_the_same_time() -> None:
    first = mapped(page("warehouse_products", [warehouse_product()]))
    again = mapped(page("warehouse_products", [warehouse_product()]))
    moved = mapped(page("warehouse_products", [warehouse_product(available=95, allocated=25)]))

    assert first[0].id == again[0].id
    assert first[0].id != moved[0].id


def test_the_same_counts_reported_again_later_are_a_new_report() -> None:
    (first,) = mapped(page("warehouse_products", [warehouse_product()]))
    (later,) = mapped(page("warehouse_products", [warehouse_product(updated_at="2026-03-05T06:00:12")]))

    assert first.id != later.id


def test_a_level_without_on_hand_still_reports_available() -> None:
    (event,) = mapped(page("warehouse_products", [warehouse_product(on_hand=None)]))

    assert (event.body.available, event.body.on_hand) == (96, None)


def test_a_level_without_available_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("warehouse_products", [warehouse_product(), warehouse_product(available=None)]))

    assert error.value.field == "data.warehouse_products.data.edges[1].node.available"


def test_a_level_with_no_time_at_all_is_refused_naming_updated_at() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("warehouse_products", [warehouse_product(updated_at=None)]))

    assert error.value.field == "data.warehouse_products.data.edges[0].node.updated_at"


def test_a_level_without_a_warehouse_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("warehouse_products", [warehouse_product(warehouse_id=None)]))

    assert error.value.field == "data.warehouse_products.data.edges[0].node.warehouse_id"


def test_a_product_fetched_without_its_stock_is_refused_as_a_catalogue_entry() -> None:
    payload = product()
    del payload["warehouse_products"]

    with pytest.raises(PayloadError) as error:
        mapped(single("product", payload))

    assert error.value.field == "data.product.data.warehouse_products" and "catalogue" in error.value.message
