"""Dashboard users: the users file, roles, argon2 hashes, lockout, and `graphintel users`."""

from __future__ import annotations

import datetime as dt
import json
import stat
import subprocess
import sys

import pytest

from graphintel.users import LOCKOUT, MAX_FAILURES, LoginError, PermissionDenied, User, UserStore, require

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def run(*args: str, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "graphintel.cli", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_the_users_file_is_private_and_holds_argon2_hashes_only(tmp_path):
    store = UserStore(tmp_path / "home")
    store.add("grace", "supervisor", PASSWORD, now=NOW)
    store.add("alice@example.org", "analyst", None)  # identity provider only
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    text = store.path.read_text()
    assert PASSWORD not in text and json.loads(text)["users"]["grace"]["password"].startswith("$argon2id$")
    assert [(u["name"], u["role"], u["login"]) for u in store.listing()] == [
        ("alice@example.org", "analyst", "identity provider"),
        ("grace", "supervisor", "password"),
    ]
    assert store.authenticate("grace", PASSWORD, now=NOW) == User("grace", "supervisor", "password")
    assert store.authenticate("GRACE", PASSWORD, now=NOW).name == "grace", "names compare case-insensitively"
    with pytest.raises(LoginError, match="wrong user name or password"):
        store.authenticate("alice@example.org", "")  # no password: cannot log in with one
    with pytest.raises(LoginError, match="wrong user name or password"):
        store.authenticate("nobody", PASSWORD)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(tmp_path):
    store = UserStore(tmp_path)
    store.add("grace", "supervisor", PASSWORD)
    for i in range(MAX_FAILURES - 1):
        with pytest.raises(LoginError, match="^wrong user name or password$"):
            store.authenticate("grace", f"guess {i}", now=NOW)
    with pytest.raises(LoginError, match="locked after 5 wrong passwords until 09:15 UTC"):
        store.authenticate("grace", "guess 5", now=NOW)
    with pytest.raises(LoginError, match="locked"):
        store.authenticate("grace", PASSWORD, now=NOW + dt.timedelta(minutes=14))  # even the right one
    assert store.listing(now=NOW)[0]["locked_until"], "the lock is in the users file: a restart keeps it"
    assert store.authenticate("grace", PASSWORD, now=NOW + LOCKOUT).name == "grace"
    for i in range(MAX_FAILURES):  # a success starts the count again
        with pytest.raises(LoginError):
            store.authenticate("grace", f"again {i}", now=NOW + LOCKOUT)
    store.set_password("grace", "a brand new passphrase")  # lifts the lock
    assert store.authenticate("grace", "a brand new passphrase", now=NOW + LOCKOUT).name == "grace"


def test_roles_decide_who_may_set_which_status():
    viewer, analyst, supervisor = User("v", "viewer"), User("a", "analyst"), User("s", "supervisor")
    assert not viewer.may_write and [analyst.may_set(s) for s in ("in_review", "confirmed", "dismissed")] == [
        True, False, True,
    ]  # fmt: skip
    assert all(supervisor.may_set(s) for s in ("in_review", "confirmed", "dismissed"))
    with pytest.raises(PermissionDenied, match="a is a analyst and may set dismissed, in_review; confirmed"):
        require(analyst, "confirmed")
    with pytest.raises(PermissionDenied, match="may not change leads"):
        require(viewer, "in_review")


def test_identity_provider_users_get_their_role_from_the_users_file_else_viewer(tmp_path):
    store = UserStore(tmp_path)
    store.add("alice@example.org", "analyst", None)
    assert store.identity_user("Alice@Example.org") == User("alice@example.org", "analyst", "oidc")
    assert store.identity_user("bob@example.org") == User("bob@example.org", "viewer", "oidc")
    (tmp_path / "settings.toml").write_text('oidc_default_role = "none"\n')
    assert store.identity_user("bob@example.org") is None
    assert store.current(User("alice@example.org", "viewer", "oidc")).role == "analyst"
    store.remove("alice@example.org")
    assert store.current(User("alice@example.org", "analyst", "oidc")) is None


def test_users_commands_read_passwords_from_stdin_never_from_a_flag(tmp_path):
    home = str(tmp_path / "home")
    added = run("users", "add", "grace", "--role", "supervisor", "--password-stdin", "--home", home,
                stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert UserStore(tmp_path / "home").authenticate("grace", PASSWORD).role == "supervisor"
    listed = run("users", "list", "--home", home)
    assert listed.returncode == 0 and "grace" in listed.stdout and "supervisor" in listed.stdout
    assert PASSWORD not in listed.stdout + added.stdout + added.stderr
    changed = run("users", "passwd", "grace", "--password-stdin", "--home", home, stdin="new passphrase 1\n")
    assert changed.returncode == 0, changed.stderr
    assert UserStore(tmp_path / "home").authenticate("grace", "new passphrase 1").name == "grace"
    flag = run("users", "add", "eve", "--password", PASSWORD, "--home", home)
    assert flag.returncode == 2 and "never taken as a flag value" in flag.stderr and PASSWORD not in flag.stderr
    no_tty = run("users", "add", "eve", "--home", home, stdin="")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr and "Traceback" not in no_tty.stderr
    short = run("users", "add", "eve", "--password-stdin", "--home", home, stdin="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    again = run("users", "add", "GRACE", "--password-stdin", "--home", home, stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "there is a user 'GRACE' already" in again.stderr
    bad = run("users", "add", "<script>", "--password-stdin", "--home", home, stdin=PASSWORD + "\n")
    assert bad.returncode == 2 and "is not allowed" in bad.stderr
    assert run("users", "remove", "grace", "--home", home).returncode == 0
    gone = run("users", "remove", "grace", "--home", home)
    assert gone.returncode == 2 and "no user 'grace'" in gone.stderr
    (tmp_path / "home" / "users.json").write_text("{broken")
    broken = run("users", "list", "--home", home)
    assert broken.returncode == 2 and "not a users file" in broken.stderr and "Traceback" not in broken.stderr


def test_the_dashboard_needs_a_user_or_no_auth_on_this_machine_only(tmp_path):
    home = str(tmp_path / "home")
    nobody = run("dashboard", "--home", home, "--headless")
    assert nobody.returncode == 2 and "graphintel users add NAME --role supervisor" in nobody.stderr
    exposed = run("dashboard", "--home", home, "--no-auth", "--address", "0.0.0.0")
    assert exposed.returncode == 2 and "serves this machine only" in exposed.stderr


def test_the_demo_logs_in_as_demo_with_a_new_password_each_time(tmp_path):
    from graphintel.cli import demo_login

    first = demo_login(tmp_path)
    assert UserStore(tmp_path).authenticate("demo", first).role == "supervisor"
    second = demo_login(tmp_path)
    assert second != first and UserStore(tmp_path).authenticate("demo", second).name == "demo"
    with pytest.raises(LoginError):
        UserStore(tmp_path).authenticate("demo", first)
