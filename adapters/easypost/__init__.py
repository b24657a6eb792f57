"""EasyPost: shipments, labels and their fees, trackers, label refunds, insurance, orders and batches as canonical events."""

from adapters.easypost.client import EASYPOST_API, STREAMS, auth_headers
from adapters.easypost.mapping import map_object, split
from adapters.easypost.simulator import API_KEY, create_app
from adapters.easypost.webhooks import EASYPOST_WEBHOOKS
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="easypost", split=split, map_object=map_object, streams=STREAMS, rate_limit=EASYPOST_API,
    auth_headers=auth_headers, webhook=EASYPOST_WEBHOOKS, simulator=create_app,
    simulator_credentials={"api_key": API_KEY},
)

__all__ = ["ADAPTER"]
