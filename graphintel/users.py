"""Dashboard users: names, roles, argon2 password hashes and lockouts, in ``HOME/users.json`` (0600).

Roles decide who may write:

* **viewer**: reads and downloads; decides nothing.
* **analyst**: marks leads *in review* or *dismissed*, with a note.
* **supervisor**: also *confirms* leads (a confirmed lead's members become
  labels the model learns from, so confirming is the weightiest write).

Passwords are hashed with argon2id (``argon2-cffi``'s defaults) and never
stored or logged in clear. After ``MAX_FAILURES`` wrong passwords in a row an
account is locked for ``LOCKOUT`` (recorded in the users file, so a restart
does not lift it); ``graphintel users passwd`` lifts it early. Users who log
in through an identity provider (OpenID Connect) are matched by e-mail to an
entry of this file for their role, else get ``oidc_default_role`` from
``HOME/settings.toml`` (default viewer; ``"none"`` refuses them).

The file is read and replaced under an exclusive lock (``users.json.lock``),
so the CLI and several dashboard sessions can change it at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graphintel import config, schema
from graphintel.errors import GraphIntelError, InputError
from graphintel.private import FILE_MODE, private_dir, write_atomic

USERS_FILE = "users.json"
ROLES = ("viewer", "analyst", "supervisor")
MAY_SET: dict[str, frozenset[str]] = {
    "viewer": frozenset(),
    "analyst": frozenset({"in_review", "dismissed"}),
    "supervisor": frozenset(schema.DECISION_STATUSES),
}
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
_NAME = re.compile(r"^[\w.@+-]{1,64}$")


class LoginError(GraphIntelError):
    """A login that did not succeed: the message says why, without saying which of name or password."""

    exit_code = 2


class PermissionDenied(GraphIntelError):
    """A user's role does not allow what was asked."""

    exit_code = 2


@dataclass(frozen=True)
class User:
    """Who is using the dashboard: name (recorded with every decision), role, and how they logged in."""

    name: str
    role: str
    via: str = "password"  # password, oidc, or none (--no-auth on this machine only)

    def may_set(self, status: str) -> bool:
        return status in MAY_SET.get(self.role, frozenset())

    @property
    def may_write(self) -> bool:
        return bool(MAY_SET.get(self.role))


def require(user: User, status: str) -> None:
    """Raise ``PermissionDenied`` unless ``user``'s role may set a lead to ``status``."""
    if not user.may_set(status):
        allowed = sorted(MAY_SET.get(user.role, ()))
        can = f"may set {', '.join(allowed)}" if allowed else "may not change leads"
        raise PermissionDenied(f"{user.name} is a {user.role} and {can}; {status.replace('_', ' ')} was not saved")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise InputError(
            f"user name '{name}' is not allowed: use 1 to 64 letters, digits or . _ @ + - (an e-mail address works)"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password must have at least {MIN_PASSWORD} characters")
    if password.strip() != password:
        raise InputError("the password must not start or end with spaces")
    return password


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


_DUMMY_HASH: list[str] = []


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


class UserStore:
    """The users file of one GraphIntel home."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / USERS_FILE

    # -- the file ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self):
        private_dir(self.home, tighten=False)
        fd = os.open(self.home / f"{USERS_FILE}.lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _read(self) -> dict:
        if not self.path.exists():
            return {"format": "graphintel-users", "version": 1, "users": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: not a users file ({exc}); restore it from a backup") from None
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read the users file ({exc.strerror or exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise InputError(f"{self.path}: not a users file (no 'users'); restore it from a backup")
        return data

    def _write(self, data: dict) -> None:
        write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")

    def users(self) -> dict[str, dict]:
        """Every user's entry by name (hashes included: for this module only)."""
        return self._read()["users"]

    def listing(self, now: dt.datetime | None = None) -> list[dict]:
        """Name, role, how they log in, and lock state of every user; no hashes."""
        out = []
        for name, entry in sorted(self.users().items()):
            locked = _locked_until(entry, _now(now))
            out.append(
                {
                    "name": name,
                    "role": entry.get("role"),
                    "login": "password" if entry.get("password") else "identity provider",
                    "locked_until": locked.isoformat(timespec="seconds") if locked else None,
                    "failures": int(entry.get("failures") or 0),
                    "last_login": entry.get("last_login"),
                }
            )
        return out

    def has(self, name: str) -> bool:
        return _find(self.users(), name) is not None

    def has_password_users(self) -> bool:
        return any(entry.get("password") for entry in self.users().values())

    # -- changes -------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None, now: dt.datetime | None = None) -> None:
        """A new user; ``password`` None makes one who logs in only through the identity provider."""
        name, role = check_name(name), check_role(role)
        hashed = _hasher().hash(check_password(password)) if password is not None else None
        with self._locked():
            data = self._read()
            if _find(data["users"], name) is not None:
                raise InputError(f"there is a user '{name}' already (graphintel users passwd or remove)")
            data["users"][name] = {
                "role": role,
                "password": hashed,
                "created_at": _now(now).isoformat(timespec="seconds"),
                "failures": 0,
                "locked_until": None,
                "last_login": None,
            }
            self._write(data)

    def remove(self, name: str) -> None:
        with self._locked():
            data = self._read()
            key = _find(data["users"], name)
            if key is None:
                raise InputError(f"no user '{name}' in {self.path}")
            del data["users"][key]
            self._write(data)

    def set_password(self, name: str, password: str) -> None:
        """A new password; lifts a lockout."""
        hashed = _hasher().hash(check_password(password))
        with self._locked():
            data = self._read()
            key = _find(data["users"], name)
            if key is None:
                raise InputError(f"no user '{name}' in {self.path}")
            data["users"][key].update(password=hashed, failures=0, locked_until=None)
            self._write(data)

    # -- logging in ----------------------------------------------------------------------------
    def authenticate(self, name: str, password: str, now: dt.datetime | None = None) -> User:
        """The user, when the password is right and the account not locked; else ``LoginError``.

        A wrong password counts a failure; the ``MAX_FAILURES``-th locks the account for ``LOCKOUT``.
        An unknown name costs the same hashing time as a known one.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        now = _now(now)
        hasher = _hasher()
        wrong = LoginError("wrong user name or password")
        with self._locked():
            data = self._read()
            key = _find(data["users"], (name or "").strip())
            entry = data["users"].get(key) if key is not None else None
            if entry is None or not entry.get("password"):
                if not _DUMMY_HASH:
                    _DUMMY_HASH.append(hasher.hash("not a password of anyone"))
                with contextlib.suppress(VerificationError, InvalidHashError):
                    hasher.verify(_DUMMY_HASH[0], password or "")
                raise wrong
            locked = _locked_until(entry, now)
            if locked:
                raise LoginError(_locked_message(key, locked))
            if entry.get("locked_until"):  # an expired lock starts a fresh count
                entry.update(failures=0, locked_until=None)
            try:
                hasher.verify(entry["password"], password or "")
            except (VerificationError, InvalidHashError):
                entry["failures"] = int(entry.get("failures") or 0) + 1
                if entry["failures"] >= MAX_FAILURES:
                    until = now + LOCKOUT
                    entry.update(failures=0, locked_until=until.isoformat(timespec="seconds"))
                    self._write(data)
                    raise LoginError(f"wrong user name or password. {_locked_message(key, until)}") from None
                self._write(data)
                raise wrong from None
            if hasher.check_needs_rehash(entry["password"]):
                entry["password"] = hasher.hash(password)
            entry.update(failures=0, locked_until=None, last_login=now.isoformat(timespec="seconds"))
            self._write(data)
            return User(key, entry["role"], "password")

    def current(self, user: User) -> User | None:
        """``user`` as the file says now (its role may have changed); None when it was removed."""
        if user.via == "none":
            return user
        if user.via == "oidc":
            return self.identity_user(user.name)
        entry = self.users().get(user.name)
        if entry is None or not entry.get("password"):
            return None
        return User(user.name, entry.get("role", "viewer"), "password")

    def identity_user(self, email: str) -> User | None:
        """A user who logged in through the identity provider: the role of the users file entry named by
        their e-mail, else ``oidc_default_role`` (settings; default viewer); None when refused."""
        email = (email or "").strip()
        if not email:
            return None
        key = _find(self.users(), email)
        if key is not None:
            return User(key, self.users()[key].get("role", "viewer"), "oidc")
        default = config.settings(self.home).get("oidc_default_role", "viewer")
        if default == "none":
            return None
        if default not in ROLES:
            raise InputError(f"{self.home / config.SETTINGS_FILE}: oidc_default_role must be one of "
                             f"{', '.join(ROLES)} or none, not '{default}'")  # fmt: skip
        return User(email, default, "oidc")


def _find(users: dict, name: str) -> str | None:
    """The key of ``name`` in the users (names compare case-insensitively, as e-mail addresses do)."""
    if name in users:
        return name
    folded = name.casefold()
    return next((k for k in users if k.casefold() == folded), None)


def _locked_until(entry: dict, now: dt.datetime) -> dt.datetime | None:
    text = entry.get("locked_until")
    if not text:
        return None
    until = dt.datetime.fromisoformat(text)
    return until if until > now else None


def _locked_message(name: str, until: dt.datetime) -> str:
    return (
        f"The account {name} is locked after {MAX_FAILURES} wrong passwords until "
        f"{until:%H:%M} UTC; try again then, or ask for a new password (graphintel users passwd)."
    )


DEMO_USER = "demo"


def demo_login(home: Path) -> str:
    """Give the demo's supervisor ``demo`` a fresh random password (creating the user the first time)."""
    import secrets

    store = UserStore(home)
    password = secrets.token_urlsafe(12)
    if store.has(DEMO_USER):
        store.set_password(DEMO_USER, password)
    else:
        store.add(DEMO_USER, "supervisor", password)
    return password
