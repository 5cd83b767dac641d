"""Commands over the dashboard's users: ``users add``, ``list``, ``remove``, ``passwd``."""

from __future__ import annotations

import sys

from graphintel import console
from graphintel.cli import common
from graphintel.errors import InputError


def _users(args):
    from graphintel.users import UserStore

    return UserStore(common.home(args))


def read_password(args, confirm: bool = True) -> str:
    """The password from standard input (``--password-stdin``: one line), else asked twice on the terminal;
    never from a flag (it would stay in the shell history and the process list)."""
    import getpass

    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError("--password-stdin: no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("no terminal to ask the password on: send it on standard input with --password-stdin")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise InputError("the two passwords differ; nothing was changed")
    return password


def cmd_users_add(args) -> int:
    from graphintel.users import check_name

    store = _users(args)
    if store.has(check_name(args.name)):  # before asking for a password
        raise InputError(f"there is a user '{args.name}' already (graphintel users passwd or remove)")
    password = None if args.oidc else read_password(args)
    store.add(args.name, args.role, password)
    console.summary(
        "users add",
        [
            ("user", f"{args.name} ({args.role})"),
            ("login", "identity provider (OpenID Connect)" if args.oidc else "password"),
            ("users file", str(store.path)),
        ],
    )
    return 0


def cmd_users_list(args) -> int:
    store = _users(args)
    rows = []
    for u in store.listing():
        state = f"locked until {u['locked_until']}" if u["locked_until"] else f"{u['failures']} recent failures"
        rows.append((u["name"], f"{u['role']:<10} {u['login']}, {state}, last login {u['last_login'] or 'never'}"))
    console.summary(f"users in {store.path}", rows or [("users", "none yet (graphintel users add NAME)")])
    return 0


def cmd_users_remove(args) -> int:
    store = _users(args)
    store.remove(args.name)
    console.summary("users remove", [("removed", args.name), ("users file", str(store.path))])
    return 0


def cmd_users_passwd(args) -> int:
    store = _users(args)
    if not store.has(args.name):  # before asking for a password
        raise InputError(f"no user '{args.name}' in {store.path}")
    store.set_password(args.name, read_password(args))
    console.summary("users passwd", [("user", args.name), ("password", "changed; any lockout lifted")])
    return 0
