"""Authentication over HTTP: keys and JWTs, 401 for anything else, open /healthz, signed webhooks, attribution."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import tomllib
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from sqlalchemy import Engine, select

from adapters.shopify.webhooks import signed_headers
from adapters.toolkit.streams import ConnectionSettings
from hub.api.schema import execute_query
from hub.app import create_app
from hub.auth.keys import create_key, revoke_key
from hub.auth.settings import access_settings
from hub.cli import main
from hub.config import ConfigError, Settings
from hub.db import database_engine
from hub.schema import audit_log
from tests.auth.auth_builders import (
    AUDIENCE,
    ISSUER,
    SHARED_SECRET,
    TestClient,
    jwt_access,
    jwt_headers,
    jwt_token,
    key_headers,
)
from tests.auth.conftest import BOOTS_ID, World

QUERY = {"query": "{ orders { totalCount } }"}


def test_healthz_is_open_and_everything_else_needs_credentials(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    assert client.get("/healthz").status_code == 200
    for method, path in (("POST", "/graphql"), ("GET", "/graphql?query={orders{totalCount}}"), ("GET", "/metrics"),
                         ("GET", "/no-such-page")):
        response = client.request(method, path, json=QUERY if method == "POST" else None)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == 'Bearer realm="hub"'
        assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
        assert "X-API-Key" in response.json()["errors"][0]["message"]


def test_the_explorer_page_is_static_and_open_but_its_queries_are_not(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert client.get("/graphql?query={orders{totalCount}}", headers={"accept": "text/html"}).status_code == 401


@pytest.mark.parametrize("header", ["x-api-key", "authorization"])
def test_a_key_is_accepted_in_either_header(engine: Engine, header: str) -> None:
    key = create_key(engine, "sales", "crm").secret
    value = key if header == "x-api-key" else f"Bearer {key}"
    response = TestClient(create_app(engine)).post("/graphql", json=QUERY, headers={header: value})
    assert response.json() == {"data": {"orders": {"totalCount": 0}}}


def test_a_bad_or_revoked_key_is_401(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    issued = create_key(engine, "admin", "ops")
    assert client.post("/graphql", json=QUERY, headers={"x-api-key": issued.secret[:-2]}).status_code == 401
    assert client.post("/graphql", json=QUERY, headers={"x-api-key": "not-a-key"}).status_code == 401
    assert client.post("/graphql", json=QUERY, headers={"x-api-key": issued.secret}).status_code == 200
    revoke_key(engine, "ops")
    refused = client.post("/graphql", json=QUERY, headers={"x-api-key": issued.secret})
    assert refused.status_code == 401 and "revoked" in refused.json()["errors"][0]["message"]


def test_a_key_cannot_be_checked_without_the_database_503(tmp_path: Path) -> None:
    unreachable = database_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'hub.db'}")
    well_formed = "hubk_" + "0" * 12 + "_" + "a" * 43
    response = TestClient(create_app(unreachable)).post("/graphql", json=QUERY, headers={"x-api-key": well_formed})
    assert response.status_code == 503


def test_webhooks_are_authenticated_by_the_partner_signature_not_a_key(engine: Engine) -> None:
    shop = ConnectionSettings(name="shop", adapter="shopify", account="acme.myshopify.com", base_url="",
                              credentials={"token": "t", "webhook_secret": "whsec-test"})
    client = TestClient(create_app(engine, [shop]))
    order = {"id": 1, "name": "#1", "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00:00Z",
             "currency": "USD", "total_price": "1.00", "subtotal_price": "1.00", "total_tax": "0.00",
             "total_discounts": "0.00", "line_items": [{"id": 1, "sku": "A", "title": "A", "quantity": 1, "price": "1.00"}]}
    body = json.dumps(order).encode()
    signed = dict(signed_headers(body, "whsec-test", "orders/create", "d-1"))
    assert client.post("/webhooks/shopify/shop", content=body, headers=signed).json()["status"] == "ingested"
    with engine.connect() as connection:
        assert set(connection.execute(select(audit_log.c.actor)).scalars()) == {"webhook:shop"}
    forged = dict(signed_headers(body, "wrong", "orders/create", "d-2")) | key_headers(engine)
    assert client.post("/webhooks/shopify/shop", content=body, headers=forged).status_code == 401


def test_a_jwt_from_the_configured_issuer_authenticates_with_its_role(engine: Engine) -> None:
    client = TestClient(create_app(engine, access=jwt_access()))
    assert client.post("/graphql", json=QUERY, headers=jwt_headers("warehouse")).json() == {
        "data": {"orders": {"totalCount": 0}}}
    refused = client.post("/graphql", json={"query": "{ auditTrail(orderId: \"x\") { seq } }"},
                          headers=jwt_headers("warehouse"))
    assert refused.json()["errors"][0]["message"] == "Query.auditTrail is not visible to role warehouse"


@pytest.mark.parametrize(("token", "reason"), [
    (jwt_token(exp=int(time.time()) - 3600), "the token has expired"),
    (jwt_token(aud="someone-else"), "the token is not valid: Audience doesn't match"),
    (jwt_token(iss="https://evil.example/"), "the token is not valid: Invalid issuer"),
    (jwt_token(role="root"), "the token's 'role' claim must be one of"),
    (jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "role": "admin", "exp": int(time.time()) + 60}, None,
                algorithm="none"), "the token is not valid"),
    (jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "role": "admin", "exp": int(time.time()) + 60},
                "another-secret-that-is-long-enough-to-sign", algorithm="HS256"), "Signature verification failed"),
])
def test_a_bad_jwt_is_401_saying_why(engine: Engine, token: str, reason: str) -> None:
    response = TestClient(create_app(engine, access=jwt_access())).post(
        "/graphql", json=QUERY, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 401 and reason in response.json()["errors"][0]["message"]


def _pem(private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def hs256_signed_with(secret: str, claims: dict[str, object]) -> str:
    """A token PyJWT would refuse to make: HS256 with a public key as the secret."""
    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).rstrip(b"=").decode()

    signing = f"{part(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{part(json.dumps(claims).encode())}"
    return f"{signing}.{part(hmac.new(secret.encode(), signing.encode(), hashlib.sha256).digest())}"


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_an_asymmetric_issuer_key_is_read_from_the_configured_file(engine: Engine, tmp_path: Path,
                                                                   algorithm: str) -> None:
    private = rsa.generate_private_key(65537, 2048) if algorithm == "RS256" else ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "issuer.pem").write_text(_pem(private))
    config = tmp_path / "hub.toml"
    config.write_text(f'[auth]\njwt_public_key_file = "issuer.pem"\njwt_algorithm = "{algorithm}"\n'
                      f'jwt_issuer = "{ISSUER}"\njwt_audience = "{AUDIENCE}"\njwt_role_claim = "hub_role"\n')
    access = access_settings(Settings("sqlite://", config, tomllib.loads(config.read_text())))
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "svc-bi", "hub_role": "auditor", "exp": int(time.time()) + 60}
    token = jwt.encode(claims, private, algorithm=algorithm)
    response = TestClient(create_app(engine, access=access)).post(
        "/graphql", json=QUERY, headers={"authorization": f"Bearer {token}"})
    assert response.json() == {"data": {"orders": {"totalCount": 0}}}
    # The public key used as an HMAC secret (the classic algorithm confusion) is refused.
    forged = hs256_signed_with(_pem(private), claims)
    assert TestClient(create_app(engine, access=access)).post(
        "/graphql", json=QUERY, headers={"authorization": f"Bearer {forged}"}).status_code == 401


@pytest.mark.parametrize(("text", "message"), [
    ('[api]\nmax_depth = "deep"\n', "[api] max_depth must be a positive integer"),
    ("[api]\nintrospection = 1\n", "[api] introspection must be true or false"),
    ("[api]\nmax_page_size = 500\n", "[api] max_page_size may be at most 200"),
    ("[api]\nmax_rows = 5\n", "[api] unknown key(s) max_rows"),
    ('[auth]\njwt_public_key_file = "secret.txt"\njwt_algorithm = "HS256"\njwt_issuer = "i"\njwt_audience = "a"\n',
     "must be at least 32 bytes"),
    ('[auth]\njwt_public_key_file = "secret.txt"\njwt_algorithm = "HS512"\n', "jwt_algorithm must be one of"),
    ('[auth]\njwt_public_key_file = "secret.txt"\n', "[auth] jwt_issuer is required"),
    ('[auth]\njwt_public_key_file = "missing.pem"\n', "missing.pem: No such file"),
])
def test_access_settings_name_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "secret.txt").write_text("short")
    with pytest.raises(ConfigError, match=re.escape(message)):
        access_settings(Settings("sqlite://", tmp_path / "hub.toml", tomllib.loads(text)))


def test_reading_an_audit_trail_over_http_is_itself_audited(world: World) -> None:
    query = "query($id: ID!) { order(id: $id) { auditTrail { action } } auditTrail(orderId: $id) { seq } }"
    body = world.client.post("/graphql", json={"query": query, "variables": {"id": BOOTS_ID}},
                             headers=world.headers["auditor"] | {"x-request-id": "req-77"}).json()
    assert "errors" not in body and "audit.read" not in {entry["action"] for entry in body["data"]["order"]["auditTrail"]}
    execute_query(world.engine, query, {"id": BOOTS_ID})  # in-process: full rights, not logged as a read
    with world.engine.connect() as connection:
        reads = connection.execute(select(audit_log.c.actor, audit_log.c.subject, audit_log.c.details)
                                   .where(audit_log.c.action == "audit.read")).all()
    assert [(row.actor, row.subject) for row in reads] == [("key:test-auditor", BOOTS_ID)]
    assert reads[0].details == {"fields": ["Order.auditTrail", "Query.auditTrail"], "request_id": "req-77"}
    again = world.client.post("/graphql", json={"query": query, "variables": {"id": BOOTS_ID}},
                              headers=world.headers["auditor"]).json()
    assert again["data"]["order"]["auditTrail"][-1] == {"action": "audit.read"}  # the earlier read is on the record


def test_hub_serve_applies_the_configured_access_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         restored_logging: None) -> None:
    import uvicorn

    (tmp_path / "issuer.secret").write_text(SHARED_SECRET)
    (tmp_path / "hub.toml").write_text(f'[api]\nmax_depth = 3\n[auth]\njwt_public_key_file = "issuer.secret"\n'
                                       f'jwt_algorithm = "HS256"\njwt_issuer = "{ISSUER}"\njwt_audience = "{AUDIENCE}"\n')
    monkeypatch.setenv("HUB_CONFIG", str(tmp_path / "hub.toml"))
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'hub.db'}")
    served: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    assert main(["serve", "--port", "8123"]) == 0
    assert served["log_config"] is None and served["port"] == 8123
    client = TestClient(served["app"], headers=jwt_headers("admin"))  # type: ignore[arg-type]
    assert client.post("/graphql", json=QUERY).json() == {"data": {"orders": {"totalCount": 0}}}
    deep = client.post("/graphql", json={"query": "{ orders { edges { node { commerce { total { amount } } } } } }"})
    assert "exceeds maximum operation depth of 3" in deep.json()["errors"][0]["message"]


def test_a_jwt_caller_is_named_in_the_audit_trail_by_subject(world: World) -> None:
    client = TestClient(create_app(world.engine, access=jwt_access()))
    query = "query($id: ID!) { auditTrail(orderId: $id) { seq } }"
    client.post("/graphql", json={"query": query, "variables": {"id": BOOTS_ID}}, headers=jwt_headers("finance", "ada"))
    with world.engine.connect() as connection:
        actor = connection.execute(select(audit_log.c.actor).where(audit_log.c.action == "audit.read")).scalar_one()
    assert actor == "jwt:ada"
