"""The V2 settlement report flat file: the settlement row as a payout, every other row as settlement lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.amazon import ADAPTER
from adapters.amazon.parse import FlatFile
from adapters.toolkit import PayloadError
from canonical_model.events import PayoutRecorded
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.amazon.amazon_payloads import (
    CONTEXT,
    ORDER_ID,
    SETTLEMENT_HEADER,
    mapped_bytes,
    of_type,
    settlement_file,
    settlement_row,
    settlement_summary,
)

V2_HEADER = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_the_parser_reads_a_tab_separated_report_with_line_numbers() -> None:
    report = ADAPTER.parse(b"\xef\xbb\xbf" + settlement_file())

    assert isinstance(report, FlatFile)
    assert report.header == SETTLEMENT_HEADER
    assert [number for number, _ in report.rows] == [2, 3]


def test_a_body_that_is_neither_json_nor_a_report_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b"order-id,amount\n1,2\n")

    assert error.value.field == "document"


def test_the_settlement_row_is_a_payout_of_its_total_amount_as_stated() -> None:
    events = mapped_bytes(settlement_file(settlement_summary(**{"total-amount": "999.99"}), settlement_row()))

    (payout,) = of_type(events, "payout.recorded")
    assert payout.body == PayoutRecorded(
        payout_id="9876543210", amount=usd("999.99"), status="CLOSED",
        deposit_date=datetime(2026, 3, 17, tzinfo=UTC), period_start=datetime(2026, 3, 1, tzinfo=UTC),
        period_end=datetime(2026, 3, 15, tzinfo=UTC),
    )
    assert (payout.order, payout.payload_pointer, payout.occurred_at) == (None, "line 2", datetime(2026, 3, 17, tzinfo=UTC))


def test_a_row_is_one_line_per_amount_column_signed_as_the_report_signs_it() -> None:
    events = mapped_bytes(settlement_file())

    principal, fee = of_type(events, "settlement.line")
    assert (principal.body.line_type, principal.body.amount) == ("Order/ItemPrice/Principal", usd("40.00"))
    assert (fee.body.line_type, fee.body.amount) == ("Order/ItemFees/FBAPerUnitFulfillmentFee", usd("-3.22"))
    assert (principal.key, fee.key) == ("line 3/price-amount", "line 3/item-related-fee-amount")
    assert (principal.body.settlement_id, principal.body.order_external_id, principal.body.sku) == (
        "9876543210", ORDER_ID, "MUG-RED")
    assert principal.order == OrderRef("amazon", CONTEXT.account, ORDER_ID)
    assert principal.occurred_at == datetime(2026, 3, 5, 10, tzinfo=UTC)
    assert principal.payload_pointer == "line 3"
    assert principal.context["quantity-purchased"] == "2" and principal.context["fulfillment-id"] == "AFN"


def test_replaying_a_report_gives_identical_ids() -> None:
    assert [e.id for e in mapped_bytes(settlement_file())] == [e.id for e in mapped_bytes(settlement_file())]
    assert len({e.id for e in mapped_bytes(settlement_file())}) == 3


def test_the_v2_layout_has_one_amount_per_row() -> None:
    summary = settlement_summary()
    rows = [
        settlement_row(**{"amount-type": "ItemPrice", "amount-description": "Principal", "amount": "40.00"}),
        settlement_row(**{"amount-type": "ItemFees", "amount-description": "Commission", "amount": "-6.00"}),
        {"settlement-id": "9876543210", "transaction-type": "other-transaction", "amount-type": "other-transaction",
         "amount-description": "Storage Fee", "amount": "-12,30", "posted-date-time": "05.03.2026 10:00:00 UTC"},
    ]

    events = mapped_bytes(settlement_file(summary, *rows, header=V2_HEADER))

    found = [(e.body.line_type, e.body.amount, e.key) for e in of_type(events, "settlement.line")]
    assert found == [
        ("Order/ItemPrice/Principal", usd("40.00"), "line 3"), ("Order/ItemFees/Commission", usd("-6.00"), "line 4"),
        ("other-transaction/other-transaction/Storage Fee", usd("-12.30"), "line 5"),
    ]
    storage = of_type(events, "settlement.line")[-1]
    assert (storage.order, storage.occurred_at) == (None, datetime(2026, 3, 5, 10, tzinfo=UTC))


def test_a_row_without_posted_date_occurs_at_the_settlement_end() -> None:
    events = mapped_bytes(settlement_file(settlement_summary(), settlement_row(**{"posted-date": ""})))

    assert of_type(events, "settlement.line")[0].occurred_at == datetime(2026, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (settlement_row(**{"price-amount": "forty"}), "line 3, column price-amount"),
        (settlement_row(**{"posted-date": "yesterday"}), "line 3, column posted-date"),
        (settlement_row(**{"price-amount": "", "item-related-fee-amount": ""}), "line 3, column price-amount"),
        (settlement_row(**{"settlement-id": ""}), "line 3, column settlement-id"),
    ],
)
def test_a_bad_row_names_its_line_and_column(row: dict[str, str], field: str) -> None:
    objects = ADAPTER.split(ADAPTER.parse(settlement_file(settlement_summary(), row)))

    assert ADAPTER.map_object(objects[0], CONTEXT)
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(objects[1], CONTEXT)

    assert error.value.field == field


def test_a_row_of_a_settlement_without_its_settlement_row_names_the_currency() -> None:
    objects = ADAPTER.split(ADAPTER.parse(settlement_file(settlement_row())))

    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(objects[0], CONTEXT)

    assert error.value.field == "line 2, column currency"


def test_a_row_longer_than_the_header_is_refused_naming_its_line() -> None:
    body = settlement_file() + b"9876543210" + b"\tx" * len(SETTLEMENT_HEADER) + b"\n"
    objects = ADAPTER.split(ADAPTER.parse(body))

    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(objects[-1], CONTEXT)

    assert error.value.field == "line 4"
