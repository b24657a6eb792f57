"""WooCommerce: orders (single, listed or batched), the refunds they list and order refund objects as canonical events."""

from adapters.toolkit import Adapter
from adapters.woocommerce.common import parse_document
from adapters.woocommerce.mapping import map_object, split

ADAPTER = Adapter(name="woocommerce", split=split, map_object=map_object, parse=parse_document)

__all__ = ["ADAPTER"]
