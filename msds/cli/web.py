"""``msds serve`` (the web app on 127.0.0.1) and ``msds users`` (the local host's accounts)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from models.accounts import GROUP_NAMES
from msds.composition_web import build_local_web, local_accounts
from msds.errors import InvalidRequest
from msds.services.receive import utc_now
from msds.settings import Settings

SettingsOf = Callable[[argparse.Namespace], Settings]
DEFAULT_PORT = 8000


def register(commands: Any, settings_of: SettingsOf) -> None:
    """Add ``serve`` and ``users`` to the ``msds`` sub-command parsers."""
    serve = commands.add_parser("serve", help="serve the web app (pages and JSON API) on this machine")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--workers",
        type=int,
        help="processes that read uploaded sheets (default: MSDS_WORKERS; 0 = in-request)",
    )
    serve.add_argument(
        "--http-cookies",
        action="store_true",
        help="session cookies without the Secure flag, for plain HTTP on an address other than localhost",
    )
    serve.set_defaults(handler=lambda args: _serve(args, settings_of(args)))

    users = commands.add_parser("users", help="local accounts of the web app")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account (the password is asked for, or read from stdin)")
    add.add_argument("user_name")
    add.add_argument(
        "--group", action="append", required=True, choices=GROUP_NAMES, help="repeat for several"
    )
    add.add_argument("--supplier", help="the supplier id a supplier account signs in for")
    add.add_argument("--name", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=lambda args: _add(args, settings_of(args)))
    listing = actions.add_parser("list", help="list the accounts")
    listing.set_defaults(handler=lambda args: _list(settings_of(args)))
    for name, disabled in (("disable", True), ("enable", False)):
        action = actions.add_parser(name, help=f"{name} an account (disabling also revokes its API tokens)")
        action.add_argument("user_name")
        action.set_defaults(handler=lambda args, d=disabled: _set_disabled(args, settings_of(args), d))
    password = actions.add_parser("password", help="set a new password")
    password.add_argument("user_name")
    password.add_argument("--password-stdin", action="store_true")
    password.set_defaults(handler=lambda args: _password(args, settings_of(args)))
    token = actions.add_parser("token", help="make an API token for the account (shown once)")
    token.add_argument("user_name")
    token.add_argument("--label", default="api", help="what the token is for")
    token.set_defaults(handler=lambda args: _token(args, settings_of(args)))


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from msds.web.app import create_app

    workers = settings.workers if args.workers is None else args.workers
    host = build_local_web(settings, workers=workers, secure_cookies=not args.http_cookies)
    resumed = host.processor.resume_unfinished(host.services.repository) if host.processor else 0
    print(
        f"serving http://{args.host}:{args.port}/ (data {settings.data_dir}, {workers} reading workers"
        f"{f', {resumed} unfinished documents queued again' if resumed else ''}); Ctrl-C stops",
        file=sys.stderr,
    )
    try:
        uvicorn.run(create_app(host), host=args.host, port=args.port, log_level="warning")
    finally:
        if host.processor is not None:
            host.processor.close()
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InvalidRequest("the two passwords differ", [("password", "not repeated the same")])
    return first


def _add(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password(args.password_stdin)
    account = local_accounts(settings).add(
        args.user_name, password, args.group, utc_now(), supplier_id=args.supplier, display_name=args.name
    )
    supplier = f" for supplier {account.supplier_id}" if account.supplier_id else ""
    print(f"added {account.user_name} ({', '.join(account.groups)}){supplier}", file=sys.stderr)
    return 0


def _list(settings: Settings) -> int:
    for account in local_accounts(settings).list():
        state = "disabled" if account.disabled else "active"
        supplier = account.supplier_id or "-"
        columns = (account.user_name, ",".join(account.groups), supplier, state, account.display_name or "")
        print("\t".join(columns))
    return 0


def _set_disabled(args: argparse.Namespace, settings: Settings, disabled: bool) -> int:
    account = local_accounts(settings).set_disabled(args.user_name, disabled)
    print(f"{account.user_name} {'disabled' if disabled else 'enabled'}", file=sys.stderr)
    return 0


def _password(args: argparse.Namespace, settings: Settings) -> int:
    local_accounts(settings).set_password(args.user_name, _read_password(args.password_stdin))
    print(f"password of {args.user_name} changed", file=sys.stderr)
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    print(local_accounts(settings).issue_token(args.user_name, args.label, utc_now()))
    return 0
