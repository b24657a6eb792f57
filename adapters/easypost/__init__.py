"""EasyPost: shipments, labels and their fees, trackers, label refunds, insurance, orders and batches as canonical events."""

from adapters.easypost.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="easypost", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
