"""The database tables (SQLAlchemy Core). Alembic migrations create them; this module only describes them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# BigInteger sequences become plain INTEGER PRIMARY KEY (rowid) on SQLite.
Sequence = BigInteger().with_variant(Integer(), "sqlite")

raw_payloads = Table(
    "raw_payloads",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("body", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("origin", Text, nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("seq", Sequence, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("stream_id", String(200), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("order_id", String(40), index=True),
    Column("type", String(60), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("system", String(40), nullable=False),
    Column("account", String(200), nullable=False),
    Column("object_type", String(60), nullable=False),
    Column("object_id", String(200), nullable=False),
    Column("object_version", String(200), nullable=False),
    Column("event_key", String(200), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("period", String(7), nullable=False),
    Column("payload_hash", String(64)),
    Column("payload_pointer", Text, nullable=False),
    Column("order_ref", JSON),
    Column("context", JSON, nullable=False),
    Column("refs", JSON),
    Column("data", JSON, nullable=False),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
)

orders = Table(
    "orders",
    metadata,
    Column("order_id", String(40), primary_key=True),
    Column("channel", String(40), nullable=False),
    Column("account", String(200), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("name", String(200)),
    Column("placed_at", DateTime(timezone=True)),
    Column("status", String(60)),
    Column("view", JSON, nullable=False),
    Column("last_seq", Sequence, nullable=False),
    # "<placed_at in UTC>|<order_id>": one unique column to page newest-first by.
    Column("sort_key", String(80), nullable=False, index=True),
    # Per sku, a digest of the cost movements the view was folded with: a late stock move re-folds only the
    # orders whose costs it really changed.
    Column("cost_digests", JSON),
    UniqueConstraint("channel", "account", "external_id", name="uq_orders_channel_external"),
)
Index("ix_orders_external_id", orders.c.external_id)

discrepancies = Table(
    "discrepancies",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("order_id", String(40), index=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("finding_key", Text, nullable=False),
    Column("severity", String(20), nullable=False),
    Column("classification", String(20), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("amount", Numeric(20, 6)),
    Column("currency", String(3)),
    Column("explanation", Text, nullable=False),
    Column("event_ids", JSON, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("note", Text),
    # What a finding is about beyond an order: units short, the sku and location or channel (OVERSOLD),
    # the settlement (SETTLEMENT_TOTAL_MISMATCH).
    Column("quantity", Integer),
    Column("sku", String(200), index=True),
    Column("location", String(200)),
    Column("channel", String(40)),
    Column("settlement_id", String(40), index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Sequence, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("subject", String(200), index=True),
    Column("summary", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row holding the chain's head; locking it serialises writers of the chain on PostgreSQL.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Sequence, nullable=False),
    Column("hash", String(64), nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Sequence, primary_key=True, autoincrement=True),
    Column("adapter", String(40), nullable=False),
    Column("account", String(200), nullable=False),
    Column("origin", Text, nullable=False),
    Column("pointer", Text, nullable=False),
    Column("field", Text),
    Column("reason", Text, nullable=False),
    Column("payload_hash", String(64)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("released_at", DateTime(timezone=True)),
)

# Per connection and stream: the cursor (committed with the page's events) and the lease a sync
# worker holds while it works the stream, so several workers never sync one stream twice.
sync_state = Table(
    "sync_state",
    metadata,
    Column("connection", String(100), primary_key=True),
    Column("stream", String(100), primary_key=True),
    Column("adapter", String(40), nullable=False),
    Column("account", String(200), nullable=False),
    Column("cursor", Text),
    Column("pages", Integer, nullable=False, default=0),
    Column("last_success_at", DateTime(timezone=True)),
    Column("last_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("last_error_at", DateTime(timezone=True)),
    Column("lease_owner", String(200)),
    Column("lease_expires_at", DateTime(timezone=True)),
)

# Every retry give-up and failed run, with the (redacted) request and the reason.
sync_errors = Table(
    "sync_errors",
    metadata,
    Column("id", Sequence, primary_key=True, autoincrement=True),
    Column("connection", String(100), nullable=False, index=True),
    Column("stream", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("request", Text),
    Column("reason", Text, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("connection", String(100), primary_key=True),
    Column("delivery_id", String(200), primary_key=True),
    Column("adapter", String(40), nullable=False),
    Column("topic", String(100)),
    Column("payload_hash", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Every name an order is known by (channel id, order name and number), normalised; an alias shared by
# two orders is ambiguous and matches neither.
order_aliases = Table(
    "order_aliases",
    metadata,
    Column("alias", String(200), primary_key=True),
    Column("order_id", String(40), primary_key=True),
)

# The order references an event from a non-channel system carries (3PL, carrier, payments, accounting).
event_references = Table(
    "event_references",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("alias", String(200), primary_key=True, index=True),
)

# What an event is about beyond its order, so projections load the events of a sku or a settlement in one
# query: "sku:<sku as stated>" for every sku an event names, "settlement:<id>" for payouts, their lines and the
# bank deposits that reference them. Filled in the transaction that appends the event.
event_keys = Table(
    "event_keys",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("key", String(220), primary_key=True, index=True),
)

# Per stock-keeping sku: its positions, the open order demand on it and what sources reported (the
# InventoryState restricted to the sku), refreshed with every append that touches the sku.
inventory_skus = Table(
    "inventory_skus",
    metadata,
    Column("sku", String(200), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # The stock fold that wrote the row: a process resumes its kept fold only while this is its token.
    Column("fold_token", String(32)),
)

# Settlements (payouts with their lines and deposit), refreshed with every append that touches them.
settlements = Table(
    "settlements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(40), nullable=False, index=True),
    Column("account", String(200), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("deposit_date", DateTime(timezone=True)),
    # "<deposit date in UTC or empty>|<id>": one unique column to page newest deposit first by.
    Column("sort_key", String(80), nullable=False, index=True),
    Column("view", JSON, nullable=False),
)

# API keys of the HTTP API: the secret is shown once at creation and only its sha256 is kept. A revoked key
# keeps its row, so the `key:<name>` the audit trail names stays traceable to a role and a creation time.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("name", String(100), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# OAuth tokens of connections whose partner rotates refresh tokens (QuickBooks Online, Xero): one row per
# connection, replaced by compare-and-swap on the refresh token (hub/oauth_tokens.py).
oauth_tokens = Table(
    "oauth_tokens",
    metadata,
    Column("connection", String(100), primary_key=True),
    Column("access_token", Text, nullable=False),
    Column("refresh_token", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("rotated_at", DateTime(timezone=True), nullable=False),
)

# Journal entries the hub has booked in an accounting partner: entry id -> the partner's id, so a rerun of
# `hub push journal` pushes nothing twice.
journal_pushes = Table(
    "journal_pushes",
    metadata,
    Column("connection", String(100), primary_key=True),
    Column("entry_id", String(300), primary_key=True),
    Column("partner_id", String(100), nullable=False),
    Column("pushed_at", DateTime(timezone=True), nullable=False),
)
