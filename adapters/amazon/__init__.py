"""Amazon Selling Partner API: orders, financial events and settlements, and Multi-Channel Fulfillment as events."""

from adapters.amazon.mapping import map_object, split
from adapters.amazon.parse import parse
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="amazon", split=split, map_object=map_object, parse=parse)

__all__ = ["ADAPTER"]
