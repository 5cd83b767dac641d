"""Who is using the dashboard: the login page, the user in the sidebar, and ``--no-auth`` on this machine only.

Three ways in:

* **Password**: a user of ``HOME/users.json`` (``graphintel users add``).
  The login lives in the browser session (Streamlit's ``session_state``): a
  reload or a new tab logs in again.
* **Identity provider** (OpenID Connect) through Streamlit's ``st.login``,
  when ``.streamlit/secrets.toml`` has an ``[auth]`` section. The e-mail the
  provider gives picks the role (``UserStore.identity_user``).
* **No login**, only with ``graphintel dashboard --no-auth`` (which sets
  ``GRAPHINTEL_DASHBOARD_NO_AUTH=1``) and only while the server listens on
  the loopback address: the machine's login name (or ``GRAPHINTEL_ANALYST``)
  acts as a supervisor.

Every page run reads the user's entry again, so a removed user is logged out
and a changed role applies at once.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import streamlit as st

from graphintel import config
from graphintel.dashboard.safe import md
from graphintel.errors import GraphIntelError
from graphintel.users import LoginError, User, UserStore

NO_AUTH_ENV = "GRAPHINTEL_DASHBOARD_NO_AUTH"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SESSION_KEY = "user"


def no_auth_requested() -> bool:
    return os.environ.get(NO_AUTH_ENV) == "1"


def bound_to_loopback() -> bool:
    """Whether the server listens on the loopback address only (no address means every interface)."""
    return st.get_option("server.address") in LOOPBACK


def oidc_providers() -> list[str | None]:
    """Identity providers of ``[auth]`` in the secrets: names of ``[auth.NAME]`` tables, or ``[None]`` for
    one provider configured in ``[auth]`` itself; empty when none is configured."""
    try:
        if not st.secrets.load_if_toml_exists():
            return []
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - an unreadable secrets file means no provider; Streamlit reports it
        return []
    if not auth:
        return []
    named = [key for key, value in auth.items() if hasattr(value, "keys")]
    if named:
        return named
    return [None] if auth.get("client_id") or auth.get("server_metadata_url") else []


def current_user(home: Path) -> User:
    """The logged-in user; when there is none, draws the login page and stops the script."""
    if no_auth_requested():
        if not bound_to_loopback():
            st.error(
                "The dashboard was started without login (--no-auth) but listens on "
                f"{md(st.get_option('server.address') or 'every address')}: anyone who reaches it could decide "
                "on leads. Without login it serves 127.0.0.1 only."
            )
            st.stop()
        return User(config.analyst(), "supervisor", "none")
    store = UserStore(home)
    try:
        user = _session_user(store)
        providers = oidc_providers()
        if user is None and providers and st.user.get("is_logged_in", False):
            user = _identity_user(store)
        if user is None:
            login_page(store, providers)
    except GraphIntelError as exc:  # e.g. a damaged users file: one message, no traceback
        st.error(md(exc))
        st.stop()
    if user is None:
        st.stop()
    st.session_state[SESSION_KEY] = asdict(user)
    return user


def _session_user(store: UserStore) -> User | None:
    saved = st.session_state.get(SESSION_KEY)
    if not saved:
        return None
    user = store.current(User(**saved))
    if user is None:
        del st.session_state[SESSION_KEY]
    return user


def _identity_user(store: UserStore) -> User | None:
    email = st.user.get("email") or st.user.get("sub") or ""
    user = store.identity_user(str(email))
    if user is None:
        st.title("GraphIntel")
        st.error(f"{md(email)} may not use this dashboard. Ask a supervisor to add you (graphintel users add).")
        st.button("Log out", on_click=st.logout)
        st.stop()
    return user


def login_page(store: UserStore, providers: list[str | None]) -> None:
    st.title("GraphIntel: log in")
    for provider in providers:
        label = f"Log in with {provider}" if provider else "Log in with single sign-on"
        st.button(label, on_click=st.login, args=(provider,) if provider else (), key=f"sso-{provider or ''}")
    if store.has_password_users():
        with st.form("login_form", clear_on_submit=True):
            name = st.text_input("User name", key="login_name")
            password = st.text_input("Password", type="password", key="login_password")
            submitted = st.form_submit_button("Log in")
        if submitted:
            try:
                user = store.authenticate(name, password)
            except LoginError as exc:
                st.error(md(exc))
                return
            st.session_state[SESSION_KEY] = asdict(user)
            st.rerun()
    elif not providers:
        st.error(
            f"No one can log in yet: there is no user in {md(store.path)}. Create one with "
            "`graphintel users add NAME --role supervisor`, then reload this page."
        )


def sidebar(user: User) -> None:
    """Who is logged in, with a way out."""
    with st.sidebar:
        if user.via == "none":
            st.warning(
                f"No login (started with --no-auth): everyone who can reach this machine's port acts as "
                f"{md(user.name)}, a supervisor.",
                icon=":material/lock_open:",
            )
            return
        st.markdown(f"Logged in as **{md(user.name)}** ({user.role})")
        st.button("Log out", key="logout", on_click=log_out, args=(user,))


def log_out(user: User) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if user.via == "oidc":
        st.logout()
