"""`hub demo`: load a generated brand's Shopify orders through the ingest path and serve the API.

Until the partner simulators exist (sync issue), the demo feeds generated Shopify payload pages
through exactly the path `hub ingest` and webhooks use.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine

from adapters.shopify import ADAPTER as SHOPIFY
from adapters.shopify.sample_orders import generate_orders
from hub.ingest import IngestReport, ingest_documents

DEMO_ACCOUNT = "demo-brand.myshopify.com"
PAGE = 50


def load_demo_data(engine: Engine, count: int) -> IngestReport:
    """Ingest `count` generated orders in REST-sized pages; loading twice changes nothing."""
    orders = generate_orders(count)
    pages = [(f"demo:shopify/orders.json?page={start // PAGE + 1}",
              json.dumps({"orders": orders[start:start + PAGE]}).encode()) for start in range(0, count, PAGE)]
    return ingest_documents(engine, SHOPIFY, DEMO_ACCOUNT, pages)
