"""`hub keys create|revoke|list`: API keys are managed from the shell, by whoever runs the hub (admin)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hub.auth.keys import KeyRequestError, create_key, list_keys, revoke_key
from hub.auth.principal import ROLES
from hub.context import current_actor, set_actor

OK, BAD_INPUT = 0, 2


@contextmanager
def acting_from_the_shell() -> Iterator[None]:
    """Audit what the command does under who runs it, `cli:<login>`, for the command's duration."""
    try:
        actor = f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        actor = "cli:unknown"
    previous = current_actor()
    set_actor(actor)
    try:
        yield
    finally:
        set_actor(previous)


def cmd_keys_create(args: argparse.Namespace) -> int:
    try:
        with acting_from_the_shell():
            issued = create_key(args.engine(), args.role, args.name)
    except KeyRequestError as error:
        print(f"hub keys create: {error}", file=sys.stderr)
        return BAD_INPUT
    print(f"created key {issued.key.name} (id {issued.key.id}) for role {issued.key.role}; it is shown only now, "
          f"the hub keeps only its hash:", file=sys.stderr)
    print(issued.secret)
    return OK


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    try:
        with acting_from_the_shell():
            key = revoke_key(args.engine(), args.key)
    except KeyRequestError as error:
        print(f"hub keys revoke: {error}", file=sys.stderr)
        return BAD_INPUT
    print(f"revoked key {key.name} (id {key.id}, role {key.role})")
    return OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    for key in list_keys(args.engine(), include_revoked=args.all):
        revoked = f"  revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else ""
        print(f"{key.id}  {key.role:<11}  {key.name}  created {key.created_at:%Y-%m-%d %H:%M} by "
              f"{key.created_by}{revoked}")
    return OK


def add_keys_commands(commands: Any) -> None:
    """Register `hub keys ...` on the CLI's subcommands."""
    keys = commands.add_parser("keys", help="API keys of the HTTP API").add_subparsers(dest="keys_command",
                                                                                       required=True)
    create = keys.add_parser("create", help="create a key for a role; prints it once")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True, help="who or what uses the key; the audit trail shows key:NAME")
    create.set_defaults(run=cmd_keys_create)
    revoke = keys.add_parser("revoke", help="revoke a key by id or name; it stops working at once")
    revoke.add_argument("key", metavar="ID_OR_NAME")
    revoke.set_defaults(run=cmd_keys_revoke)
    listing = keys.add_parser("list", help="the keys (never their secrets)")
    listing.add_argument("--all", action="store_true", help="include revoked keys")
    listing.set_defaults(run=cmd_keys_list)


def print_demo_keys(engine: Any) -> None:
    """`hub demo`: a key per role, printed once, with how to send it."""
    from hub.auth.keys import issue_demo_keys

    print("API keys of this demo run (send one as `X-API-Key: <key>`; in GraphiQL, under Headers):", flush=True)
    for issued in issue_demo_keys(engine, ROLES):
        print(f"  {issued.key.role:<11} {issued.secret}", flush=True)
