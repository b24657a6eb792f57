"""The HTTP app: /graphql (and its explorer), /healthz, /metrics, and the request id header."""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from hub.api.metrics import RequestMetrics
from hub.api.middleware import RequestContextMiddleware
from hub.app import create_app
from hub.context import current_actor, current_request_id
from hub.db import database_engine
from tests.api.conftest import BOOTS_ID
from tests.auth.auth_builders import jwt_access, jwt_headers, key_headers

with warnings.catch_warnings():
    # Starlette deprecates httpx under its TestClient in favour of httpx2, which is not a dependency here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient


def test_healthz_answers_ok_with_the_database(engine: Engine) -> None:
    response = TestClient(create_app(engine)).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    unreachable = database_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'hub.db'}")
    response = TestClient(create_app(unreachable)).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_internal_errors_are_masked_over_http(tmp_path: Path) -> None:
    unreachable = database_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'hub.db'}")
    client = TestClient(create_app(unreachable, access=jwt_access()), headers=jwt_headers())  # no database to hold keys
    response = client.post("/graphql", json={"query": "{ orders { totalCount } }"})
    assert [error["message"] for error in response.json()["errors"]] == ["Internal error."]


def test_middleware_sets_request_id_and_actor_for_the_app() -> None:
    seen: dict[str, str | None] = {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.update(actor=current_actor(), request_id=current_request_id())
        await PlainTextResponse("ok")(scope, receive, send)

    client = TestClient(RequestContextMiddleware(app, RequestMetrics(), frozenset({"/"})))
    assert client.get("/", headers={"x-request-id": "abc-1"}).headers["x-request-id"] == "abc-1"
    assert seen == {"actor": "http:anonymous", "request_id": "abc-1"}
    generated = client.get("/", headers={"x-request-id": "has spaces; and <html>"}).headers["x-request-id"]
    assert generated == seen["request_id"] and len(generated) == 32


def test_graphql_over_http(engine: Engine, before_refund: datetime) -> None:
    client = TestClient(create_app(engine), headers=key_headers(engine))
    query = "query($id: ID!) { order(id: $id) { externalId commerce { total { amount currency } } } }"
    response = client.post("/graphql", json={"query": query, "variables": {"id": BOOTS_ID}},
                           headers={"x-request-id": "req-123"})
    assert response.status_code == 200
    assert response.json() == {"data": {"order": {"externalId": "5001",
                                                  "commerce": {"total": {"amount": "409.94", "currency": "USD"}}}}}
    assert response.headers["x-request-id"] == "req-123"


def test_graphql_refusal_over_http_is_a_graphql_error(engine: Engine) -> None:
    client = TestClient(create_app(engine), headers=key_headers(engine))
    response = client.post("/graphql", json={"query": "{ orders(first: 1000) { totalCount } }"})
    assert response.json()["errors"][0]["message"].startswith("first must be between 0 and 200")


def test_graphiql_explorer_is_served(engine: Engine) -> None:
    response = TestClient(create_app(engine)).get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_metrics_count_requests_and_read_the_store(engine: Engine, before_refund: datetime) -> None:
    client = TestClient(create_app(engine), headers=key_headers(engine))
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page")
    text = client.get("/metrics").text
    assert 'hub_http_requests_total{method="GET",path="/healthz",status="200"} 2' in text
    assert 'hub_http_requests_total{method="GET",path="other",status="404"} 1' in text
    assert 'hub_http_request_duration_seconds_count{path="/healthz"} 2' in text
    assert "# TYPE hub_http_request_duration_seconds histogram" in text
    assert "hub_events_stored 7" in text and "hub_orders_stored 1" in text and "hub_database_up 1" in text
