"""One refund stated by the channel twice and by the payment processor once is counted once."""

from __future__ import annotations

from dataclasses import replace

from canonical_model.events import Event, RefundIssued, RefundLine
from canonical_model.identity import SourceRef
from canonical_model.order_view import order_view
from canonical_model.refunds import distinct_refunds
from tests.builders import at, order_placed, order_ref, usd


def _refund(system: str, object_type: str, refund_id: str, payment_id: str | None, lines: bool) -> Event:
    body = RefundIssued(refund_id, usd("10.60"), (RefundLine("MUG-RED", 1, usd("10.00"), "L1"),) if lines else (),
                        payment_refund_id=payment_id)
    return Event(body, SourceRef(system, "acme", object_type, refund_id, "1"), at(5), order_ref())


def test_the_channels_fullest_statement_stands_for_the_processors_too() -> None:
    listed = _refund("woo", "order", "90001", None, lines=False)
    alone = _refund("woo", "refund", "90001", "re_3Q90001", lines=True)
    processor = replace(_refund("stripe", "refund", "re_3Q90001", "re_3Q90001", lines=False), order=None)
    for arrival in ([listed, alone, processor], [processor, listed, alone], [alone, processor, listed]):
        assert distinct_refunds(arrival) == [alone]
    view = order_view(order_ref(), [order_placed(), listed, processor, alone])
    assert view.finance.refund_total == usd("10.60")


def test_two_refunds_of_one_order_stay_two() -> None:
    first = _refund("woo", "refund", "90001", "re_1", lines=True)
    second = _refund("woo", "refund", "90002", "re_2", lines=True)
    assert distinct_refunds([first, second, replace(_refund("stripe", "refund", "re_2", "re_2", False))]) == [
        first, second]
