"""The dashboard's data access: reads through ``graphintel.leads.explore`` over the process's read-only
connection (``graphintel.dashboard.access``), cached per store state (``token``) and input.

Pages call the functions that take a ``Context``; the cached functions behind them take plain, hashable
arguments (uri, token, ...) so that Streamlit can key its caches on them.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from graphintel import config
from graphintel.dashboard import access
from graphintel.dashboard.safe import md
from graphintel.errors import GraphIntelError
from graphintel.leads import explore
from graphintel.leads.records import latest_run, read_leads
from graphintel.leads.search import SearchIndex
from graphintel.store import GraphStore
from graphintel.users import User


@dataclass
class Context:
    """What a page reads with: the store's uri, the connection and the logged-in user."""

    uri: str
    conn: access.Connection
    user: User = User("nobody", "viewer")

    @property
    def store(self) -> GraphStore:
        return self.conn.store


def query_text(ctx: Context, name: str) -> str:
    """The text of ``queries/NAME.cypher`` in the store's dialect (or its variant for it)."""
    return explore.read_query_text(name, ctx.store.dialect)


# -- cached reads ------------------------------------------------------------------------
@st.cache_data(show_spinner=False, ttl=300, max_entries=512)
def _named(uri: str, token: str, name: str, params_json: str) -> pd.DataFrame:
    return explore.run_named(access.connect(uri).store, name, json.loads(params_json))


def named(ctx: Context, name: str, **params) -> pd.DataFrame:
    """The result of the named query ``name`` with ``params``."""
    return _named(ctx.uri, ctx.conn.token, name, json.dumps(params, sort_keys=True, default=str))


@st.cache_data(show_spinner=False, ttl=300)
def _run(uri: str, token: str) -> dict | None:
    return latest_run(access.connect(uri).store)


def last_run(ctx: Context) -> dict | None:
    """The latest scoring run, or None."""
    return _run(ctx.uri, ctx.conn.token)


@st.cache_data(show_spinner=False, ttl=300)
def _leads(uri: str, token: str, run_id: str) -> pd.DataFrame:
    store = access.connect(uri).store
    leads = read_leads(store, run_id)
    facets = explore.lead_facets(store, run_id)
    return leads.merge(facets, on="lead_id", how="left")


def leads(ctx: Context, run_id: str) -> pd.DataFrame:
    """A run's leads with their facets (countries, channels, dates)."""
    return _leads(ctx.uri, ctx.conn.token, run_id)


@st.cache_data(show_spinner=False, ttl=300)
def _counts(uri: str, token: str) -> dict:
    return access.connect(uri).store.counts()


def counts(ctx: Context) -> dict:
    """Nodes per label."""
    return _counts(ctx.uri, ctx.conn.token)


@st.cache_resource(show_spinner=False, max_entries=2)
def _search_index_for(uri: str, version: str) -> SearchIndex:
    return SearchIndex.from_nodes(access.graph_nodes(uri))


def search_index(ctx: Context) -> SearchIndex:
    """The search index, rebuilt when the data changed (the store's data version: the file, embedded; the
    consignments and latest run, Neo4j). It is built from the same read of the graph as the neighbour index."""
    return _search_index_for(ctx.uri, str(ctx.store.data_version()))


@st.cache_data(show_spinner=False, ttl=300, max_entries=512)
def _details(uri: str, token: str, keys: tuple[str, ...]) -> pd.DataFrame:
    return access.neighbour_store(uri).neighbour_rows("entity_details", list(keys))


def details(ctx: Context, keys: list[str]) -> pd.DataFrame:
    """What ``entity_details`` gives of some parties and identifiers (type, name, country, risk), from the
    neighbour index on a large store (a millisecond, against 20 to 50 ms for the query at 100,000
    consignments): the pickers of Search and Paths show it for every candidate."""
    return _details(ctx.uri, ctx.conn.token, tuple(sorted(set(keys))))


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _neighbourhood(uri: str, token: str, key: str, depth: int) -> str:
    return explore.neighbourhood(access.neighbour_store(uri), key, depth).to_json()


def neighbourhood(ctx: Context, key: str, depth: int) -> explore.Network:
    """The parties and identifiers within ``depth`` steps of ``key``."""
    return explore.Network.from_json(_neighbourhood(ctx.uri, ctx.conn.token, key, depth))


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _paths(uri: str, token: str, from_key: str, to_key: str) -> tuple[str, pd.DataFrame]:
    net, table = explore.path_network(access.neighbour_store(uri), from_key, to_key)
    return net.to_json(), table


def paths(ctx: Context, from_key: str, to_key: str) -> tuple[explore.Network, pd.DataFrame]:
    """The shortest paths between two parties, drawn and as a table (``explore.path_network``), read once per
    pair and store state: the page runs again on every click, and the query costs 0.2 s at 100,000
    consignments."""
    net, table = _paths(ctx.uri, ctx.conn.token, from_key, to_key)
    return explore.Network.from_json(net), table


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _lead_network(uri: str, token: str, lead_id: str) -> str:
    return explore.lead_network(access.connect(uri).store, lead_id).to_json()


def lead_network(ctx: Context, lead_id: str) -> explore.Network:
    """A lead's members, their shared identifiers and their trade."""
    return explore.Network.from_json(_lead_network(ctx.uri, ctx.conn.token, lead_id))


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _case_history(uri: str, token: str, lead_id: str) -> pd.DataFrame:
    from graphintel.leads.cases import case_history as history

    return history(access.connect(uri).store, lead_id)


def case_history(ctx: Context, lead_id: str) -> pd.DataFrame:
    """A lead's case: its notes and decisions, and those of earlier leads over mostly the same parties."""
    return _case_history(ctx.uri, ctx.conn.token, lead_id)


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _related_leads(uri: str, token: str, lead_id: str, run_id: str) -> pd.DataFrame:
    from graphintel.leads.cases import related_leads as related

    return related(access.connect(uri).store, lead_id, run_id)


def related_leads(ctx: Context, lead_id: str, run_id: str) -> pd.DataFrame:
    """The run's leads sharing members or contacts with a lead."""
    return _related_leads(ctx.uri, ctx.conn.token, lead_id, run_id)


@st.cache_data(show_spinner=False, ttl=300)
def _package(uri: str, token: str, run_id: str, lead_id: str, mask: bool = False) -> bytes:
    from graphintel.leads.export import EXPORTERS, write_package
    from graphintel.leads.package import load_package

    package = load_package(access.connect(uri).store, run_id=run_id, lead_ids=[lead_id])
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _, written = write_package(package, list(EXPORTERS), Path(tmp), config.home_for(uri), mask=mask)
        for path in written:
            archive.write(path, f"{lead_id}/{path.name}")
    return buffer.getvalue()


def lead_package_zip(ctx: Context, run_id: str, lead_id: str, mask: bool = False) -> bytes:
    """A lead's package (every export format) as a ZIP archive."""
    return _package(ctx.uri, ctx.conn.token, run_id, lead_id, mask)


# -- forgetting --------------------------------------------------------------------------
def forget_reads() -> None:
    """Forget every cached read (after a decision was saved); the search index stays."""
    st.cache_data.clear()


def write_then_rerun(write: Callable[[], object], done: str) -> None:
    """An analyst's write (a note, a decision): ``write()``, then every cached read forgotten, ``done`` (already
    escaped) shown as a toast and the page run again, so it shows what was written. A write the store or the
    user's role refuses (``GraphIntelError``) shows its message as an error instead, and this returns."""
    try:
        write()
    except GraphIntelError as exc:
        st.error(md(exc))
        return
    forget_reads()
    st.toast(done)
    st.rerun()


def reload(uri: str) -> None:
    """Read the store again: a new connection, no cached read, a new search index."""
    access.reset(uri)
    st.cache_data.clear()
    _search_index_for.clear()
