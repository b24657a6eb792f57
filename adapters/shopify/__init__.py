"""Shopify: orders, refunds, fulfillments, transactions and Shopify Payments payouts as canonical events."""

from adapters.shopify.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="shopify", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
