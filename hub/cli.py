"""The `hub` command: ingest, query, serve, export, audit verify, db upgrade / rebuild, demo.

Exit codes: 0 success, 2 usage or bad input (naming the file, line or field), 1 anything else.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from hub.auth.commands import add_keys_commands
from hub.config import ConfigError, load_settings
from hub.db import database_engine, upgrade
from hub.journal_push import add_push_commands

OK, FAILED, BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called or what it was given; exits 2 with the message."""


class OpenedEngine:
    """The database engine of this run, opened (and migrated) only by the commands that need it."""

    def __init__(self) -> None:
        self._engine: Engine | None = None

    def __call__(self) -> Engine:
        if self._engine is None:
            self._engine = database_engine(load_settings().database_url)
            upgrade(self._engine)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def cmd_ingest(args: argparse.Namespace) -> int:
    from hub.ingest import IngestReport, ingest_documents
    from hub.registry import ADAPTERS

    adapter = ADAPTERS.get(args.adapter)
    if adapter is None:
        raise UsageError(f"unknown adapter {args.adapter!r}; known: {', '.join(sorted(ADAPTERS))}")
    documents, unreadable = [], []
    for name in args.files:
        try:
            documents.append((name, Path(name).read_bytes()))
        except OSError as error:
            unreadable.append(f"{name}: cannot read: {error.strerror}")
    report: IngestReport = ingest_documents(args.engine(), adapter, args.account, documents, args.currency)
    for line in unreadable:
        print(line, file=sys.stderr)
    for rejection in report.rejections:
        where = f" {rejection.pointer}" if rejection.pointer and rejection.pointer not in rejection.field else ""
        print(f"{rejection.origin}:{where} {rejection.field}: {rejection.reason} (quarantined as #{rejection.quarantine_id})",
              file=sys.stderr)
    print(f"{report.documents} file(s), {report.objects} object(s): {report.events_new} new event(s), "
          f"{report.events_known} already known, {report.orders_projected} order(s) updated, "
          f"{len(report.rejections)} quarantined")
    return BAD_INPUT if unreadable or report.rejections else OK


def cmd_query(args: argparse.Namespace) -> int:
    from hub.api.schema import execute_query

    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as error:
        raise UsageError(f"--variables: invalid JSON at column {error.colno}: {error.msg}") from error
    if variables is not None and not isinstance(variables, dict):
        raise UsageError("--variables: must be a JSON object")
    result = execute_query(args.engine(), args.query, variables)
    print(json.dumps(result, indent=2))
    return BAD_INPUT if result.get("errors") else OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hub import logs
    from hub.app import create_app
    from hub.auth.settings import access_settings
    from hub.connections import load_connections

    connections, skipped = [], []
    settings = load_settings()
    for name in settings.section("connections"):
        try:
            connections += load_connections(settings, only=name)
        except ConfigError as error:
            skipped.append(str(error))
    for reason in skipped:
        print(f"webhooks not served for a connection: {reason}", file=sys.stderr)
    from hub.policies import configured_policies

    app = create_app(args.engine(), connections, access_settings(settings), configured_policies().refresh_every)
    print(f"GraphQL explorer: http://{args.host}:{args.port}/graphql", flush=True)
    logs.configure()  # uvicorn's records too (log_config=None): JSON lines through the redacting filter
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", log_config=None)
    return OK


def cmd_sync(args: argparse.Namespace) -> int:
    from hub.sync_command import run_sync

    return run_sync(args.engine(), load_settings(), args.adapter, args.connection, args.once)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from hub.audit import verify_chain
    from hub.db import read_connection

    with read_connection(args.engine()) as connection:
        check = verify_chain(connection)
    if check.intact:
        print(f"audit chain intact: {check.entries} entries")
        return OK
    print(f"audit chain broken at entry {check.broken_seq}: {check.reason}", file=sys.stderr)
    return FAILED


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    args.engine()
    print("database schema is up to date")
    return OK


def cmd_db_rebuild(args: argparse.Namespace) -> int:
    from hub.projections import rebuild_orders

    with args.engine().begin() as connection:
        count = rebuild_orders(connection)
    print(f"rebuilt {count} order view(s) from the event log")
    return OK


def cmd_demo(args: argparse.Namespace) -> int:
    import asyncio

    from hub import logs
    from hub.app import create_app
    from hub.auth.commands import print_demo_keys
    from hub.demo import demo_configuration, demo_connections, demo_partners, running_simulators
    from hub.redaction import remember_secrets
    from hub.registry import ADAPTERS
    from hub.sync_command import print_runs, stored_token_clients
    from hub.sync_runner import sync_once

    logs.configure()
    engine, partners = args.engine(), demo_partners()
    with demo_configuration(), running_simulators(partners) as urls:
        connections = demo_connections(partners, urls)
        remember_secrets(value for connection in connections for value in connection.credentials.values())
        print(f"partner simulators: {', '.join(f'{name} at {url}' for name, url in urls.items())}", flush=True)
        runs = asyncio.run(sync_once(engine, connections, ADAPTERS, stored_token_clients(engine)))
        print_runs(runs)
        print_demo_keys(engine)
        if args.no_serve:
            return FAILED if any(run.error for run in runs) else OK
        import uvicorn

        print(f"GraphQL explorer: http://{args.host}:{args.port}/graphql", flush=True)
        from hub.policies import configured_policies

        app = create_app(engine, connections, refresh_every=configured_policies().refresh_every)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                    log_config=None)
    return OK


def cmd_resync(args: argparse.Namespace) -> int:
    import asyncio

    from adapters.toolkit.errors import ApiError
    from hub.connections import load_connections
    from hub.registry import ADAPTERS
    from hub.sync_command import stored_token_clients
    from hub.sync_runner import resync_object

    settings = load_settings()
    connection = next((c for c in load_connections(settings) if c.name == args.connection), None)
    if connection is None:
        raise UsageError(f"{settings.config_path}: no connection named {args.connection!r}")
    try:
        engine = args.engine()
        stream, new, rejected = asyncio.run(resync_object(engine, ADAPTERS[connection.adapter], connection,
                                                          stored_token_clients(engine), args.object_id, args.stream))
    except LookupError as error:
        raise UsageError(str(error)) from error
    except ApiError as error:
        print(f"hub resync: {connection.name} {args.object_id}: {error}", file=sys.stderr)
        return FAILED
    print(f"{connection.name}/{stream} {args.object_id}: {new} new event(s), {rejected} quarantined")
    return BAD_INPUT if rejected else OK


def cmd_quarantine_retry(args: argparse.Namespace) -> int:
    from hub.quarantine import retry_quarantined
    from hub.registry import ADAPTERS

    report = retry_quarantined(args.engine(), ADAPTERS, args.id or None)
    for ident in report.released:
        print(f"#{ident}: ingested, released from quarantine")
    for ident, reason in report.still_failing.items():
        print(f"#{ident}: still quarantined: {reason}", file=sys.stderr)
    print(f"{len(report.released)} released, {len(report.still_failing)} still quarantined")
    return BAD_INPUT if report.still_failing else OK


def cmd_export(args: argparse.Namespace) -> int:
    from canonical_model.beancount import LedgerError
    from hub.exports import export_journal

    output = Path(args.output) if args.output else None
    try:
        text, count = export_journal(args.engine(), args.export_format, output)
    except LedgerError as error:
        raise ConfigError(f"[accounting.accounts]: {error}") from error
    except OSError as error:
        raise UsageError(f"--output {args.output}: cannot write: {error.strerror}") from error
    if output is None:
        sys.stdout.write(text)
    else:
        print(f"{count} journal entries written to {output} ({args.export_format})")
    return OK


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="hub", description="Order hub: one timeline per order, three perspectives.")
    commands = root.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="feed payload files through an adapter (as a webhook would)")
    ingest.add_argument("adapter", help="shopify, canonical, ...")
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument("--account", default="default", help="the connection/account the files belong to")
    ingest.add_argument("--currency", help="the account's currency, for payloads that do not state one "
                                           "(WooCommerce refunds)")
    ingest.set_defaults(run=cmd_ingest)
    query = commands.add_parser("query", help="run a GraphQL query in-process and print the JSON result")
    query.add_argument("query", metavar="GRAPHQL")
    query.add_argument("--variables", metavar="JSON")
    query.set_defaults(run=cmd_query)
    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    demo = commands.add_parser("demo", help="start partner simulators, sync them, serve the API with GraphiQL")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="sync the demo partners and exit")
    demo.set_defaults(run=cmd_demo)
    resync = commands.add_parser("resync", help="fetch one object of a connection again and ingest it")
    resync.add_argument("connection")
    resync.add_argument("object_id")
    resync.add_argument("--stream", help="the stream the object belongs to (default: the first that can fetch one)")
    resync.set_defaults(run=cmd_resync)
    held = commands.add_parser("quarantine", help="quarantined payloads").add_subparsers(
        dest="quarantine_command", required=True)
    again = held.add_parser("retry", help="re-run quarantined payloads; they leave only when they ingest")
    again.add_argument("--id", type=int, action="append", help="only this quarantine id (repeatable)")
    again.set_defaults(run=cmd_quarantine_retry)
    sync = commands.add_parser("sync", help="poll every configured connection (continuously, or --once)")
    sync.add_argument("--adapter", help="only connections of this adapter")
    sync.add_argument("--connection", help="only this connection")
    sync.add_argument("--once", action="store_true", help="one pass over every stream, then exit")
    sync.set_defaults(run=cmd_sync)
    export = commands.add_parser("export", help="write the whole journal out").add_subparsers(
        dest="export_format", required=True)
    for kind, what in (("beancount", "as a Beancount ledger bean-check accepts"), ("csv", "as CSV journal lines")):
        formats = export.add_parser(kind, help=f"the journal {what}")
        formats.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
        formats.set_defaults(run=cmd_export)
    audit = commands.add_parser("audit", help="audit log tools").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="prove the hash chain or name the first broken entry").set_defaults(
        run=cmd_audit_verify)
    db = commands.add_parser("db", help="database tools").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply schema migrations").set_defaults(run=cmd_db_upgrade)
    db.add_parser("rebuild", help="re-fold every order view from the event log").set_defaults(run=cmd_db_rebuild)
    add_keys_commands(commands)
    add_push_commands(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.engine = OpenedEngine()
    try:
        return args.run(args)
    except (UsageError, ConfigError) as error:
        print(f"hub {args.command}: {error}", file=sys.stderr)
        return BAD_INPUT
    except OperationalError as error:
        print(f"hub {args.command}: database unavailable: {error.orig}", file=sys.stderr)
        return FAILED
    finally:
        args.engine.close()


if __name__ == "__main__":
    sys.exit(main())
