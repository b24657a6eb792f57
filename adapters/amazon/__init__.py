"""Amazon Selling Partner API: orders, financial events and settlements, and Multi-Channel Fulfillment as events.

Amazon has no webhooks to wire: SP-API notifications travel through Amazon SQS or EventBridge, so the
hub polls its streams (`client.STREAMS`).

Auth is Login with Amazon (`client.LWA`): a connection configured with `client_id_env`, `client_secret_env`
and `refresh_token_env` exchanges its refresh token at `https://api.amazon.com/auth/o2/token` (client
credentials in the form body) for one-hour access tokens sent as `x-amz-access-token`, renewed before they
expire and after a 401, and kept in the hub's database so workers share them (LWA refresh tokens do not
rotate). `oauth_endpoint` overrides the token URL. A connection with only a `token` sends that static
access token, as the demo does against the simulator, which serves LWA at `/auth/o2/token` too.
"""

from adapters.amazon.client import LWA, STREAMS, auth_headers
from adapters.amazon.mapping import map_object, split
from adapters.amazon.parse import parse
from adapters.amazon.rate_limits import RATE_LIMIT, operation_limits
from adapters.amazon.simulator import LWA_PATH, TOKEN, create_app
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="amazon", split=split, map_object=map_object, parse=parse, streams=STREAMS, rate_limit=RATE_LIMIT,
    auth_headers=auth_headers, webhook=None, simulator=create_app, operation_limits=operation_limits,
    simulator_credentials={"token": TOKEN}, simulator_options={"currency": "USD", "oauth_endpoint": LWA_PATH},
    oauth=LWA,
)

__all__ = ["ADAPTER"]
