"""Shippo: label purchases (transactions) and their fees, tracks, orders and batches as canonical events."""

from adapters.shippo.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="shippo", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
