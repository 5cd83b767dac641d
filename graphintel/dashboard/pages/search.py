"""Entity search (``app/pages/2_Search.py``): find a party or identifier, then its neighbourhood, risk and
consignments."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graphintel.dashboard import access, cache, parties, selection
from graphintel.dashboard.cache import Context
from graphintel.dashboard.case import lead_link
from graphintel.dashboard.money import money_sums, with_money
from graphintel.dashboard.safe import md
from graphintel.dashboard.widgets import dated, download, graph_panel, page
from graphintel.errors import GraphIntelError
from graphintel.leads import explore
from graphintel.leads.export.cells import csv_text


def search_page() -> None:
    ctx = page("Search")
    query = st.text_input(
        "Search a name, id, phone, e-mail or address",
        key="search_query",
        value=st.query_params.get("q", ""),
        placeholder="e.g. Shenzhen Suntec, S012512, +86 183 0171 167, 295 Park Rd",
    )
    if not query.strip():
        st.caption("Spelling and spacing variants are found too.")
        return
    st.query_params["q"] = query
    index = cache.search_index(ctx)
    asked = index.rows(query.strip())  # a link from another page names a node's key
    exact = not asked.empty
    results = index.search_entities(index.display(query.strip()) if exact else query, limit=25)
    entity_of_asked = asked["entity_id"].iloc[0] if exact and pd.notna(asked["entity_id"].iloc[0]) else query.strip()
    if exact and entity_of_asked not in set(results["entity_id"]):
        row = asked.iloc[:1].assign(entity_id=entity_of_asked, variants=1, match=100.0)
        results = pd.concat([row[list(results.columns)], results], ignore_index=True)
    if results.empty:
        st.info(f"Nothing matches '{md(query)}'.")
        return
    results = _with_parties(ctx, index, results.reset_index(drop=True))
    results = results.rename(columns={"label": "type", "score": "risk", "variants": "spellings"})
    profile = parties.profiles(ctx, list(results["key"])).set_index("key")
    results["country"] = results["key"].map(profile["country"])
    results["parcels"] = results["key"].map(profile["parcels"])
    results["leads"] = results["key"].map(profile["leads"])
    table = selection.table_key("results_table", results["key"])
    event = st.dataframe(
        results.drop(columns=["key", "entity_id"]),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=table,
        column_config={"risk": st.column_config.ProgressColumn("risk", min_value=0, max_value=1, format="%.3f")},
    )
    download(ctx, st, "Results (CSV)", csv_text(results), "search-results.csv", "dl_results",
             {"what": f"search results for '{query}'", "formats": ["csv"]})  # fmt: skip
    keys = list(results["key"])
    # A click on a row opens its entity (by the row's key, whatever order the table was sorted into).
    wanted = index.canonical_key(entity_of_asked, query.strip()) if exact else None
    selection.choose("entity_select", keys, selection.clicked(event, results, "key", table), wanted)
    same = parties.same_names(results["name"])
    if same:
        st.caption(f"{same} results share a name with another: country, risk, parcels and leads tell them apart.")
    profiles = profile.to_dict("index")
    labels = {k: parties.describe(t, n, profiles.get(k))
              for k, t, n in zip(results["key"], results["type"], results["name"], strict=True)}  # fmt: skip
    entity = st.selectbox("Open", keys, format_func=labels.get, key="entity_select")
    depth = st.radio("Depth", [1, 2, 3], horizontal=True, key="depth")
    entity_view(ctx, entity, int(depth))
    spellings_panel(ctx, index, entity, results)


def _with_parties(ctx: Context, index, results: pd.DataFrame) -> pd.DataFrame:
    """Each result opens its entity's canonical spelling; an identifier gains the parties holding any of its
    entity's spellings (a depot counted once over all its typos), and its risk, the highest among them."""
    results = results.copy()
    results["key"] = [index.canonical_key(e, k) for e, k in zip(results["entity_id"], results["key"], strict=True)]
    spellings = {e: index.spellings(e, k) for e, k in zip(results["entity_id"], results["key"], strict=True)}
    wanted = [k for e, lab in zip(results["entity_id"], results["label"], strict=True)
              if lab in ("Address", "Phone", "Email") for k in spellings[e]]  # fmt: skip
    holders = cache.named(ctx, "identifier_parties", identifier_keys=wanted) if wanted else pd.DataFrame()
    if len(holders):
        holders["score"] = pd.to_numeric(holders["score"], errors="coerce")
        entity_of = {k: e for e, keys in spellings.items() for k in keys}
        holders["entity"] = holders["identifier"].map(entity_of)
        per = holders.groupby("entity").agg(parties=("key", "nunique"), top=("score", "max"))
        results["parties"] = results["entity_id"].map(per["parties"])
        results["score"] = results["score"].fillna(results["entity_id"].map(per["top"]))
    return results


def spellings_panel(ctx: Context, index, key: str, results: pd.DataFrame) -> None:
    """The spellings an entity groups, and an analyst's merge or split, recorded under their name."""
    row = results[results["key"] == key]
    if row.empty:
        return
    entity_id, label = row.iloc[0]["entity_id"], row.iloc[0]["type"]
    spellings = index.spellings(entity_id, key)
    with st.expander(f"Spellings of this {md(label.lower())} ({len(spellings)}) - merge or split", expanded=False):
        st.dataframe(pd.DataFrame({"spelling": [index.display(k) for k in spellings], "key": spellings}),
                     hide_index=True, width="stretch")  # fmt: skip
        if not ctx.user.may_write:
            st.caption("Viewers see entities; analysts and supervisors merge or split them.")
            return
        others = [k for k in results["key"] if k != key and results.set_index("key").at[k, "type"] == label]
        choices = {"merge": others, "split": [k for k in spellings if k != key]}
        action = st.radio("Decision", ["merge", "split"], horizontal=True, key="entity_action")
        target = st.selectbox(
            "with" if action == "merge" else "from", choices[action], format_func=index.display, key="entity_target"
        )
        note = st.text_input("Why (required)", key="entity_note")
        if st.button(f"Record the {action}", key="entity_decide", disabled=not target):
            try:
                access.save_entity_decision(ctx.uri, action, key, target, note, ctx.user)
            except GraphIntelError as exc:
                st.error(md(str(exc)))
                return
            cache.reload(ctx.uri)
            st.success(f"{action} recorded under {md(ctx.user.name)}; entities resolved again.")


def entity_view(ctx: Context, key: str, depth: int) -> None:
    details = cache.named(ctx, "entity_details", keys=[key])
    if details.empty:
        st.warning(f"{md(key)} is no longer in the store.")
        return
    d = details.iloc[0]
    kind = str(d["label"])
    is_party = kind.upper() in explore.PARTY_KINDS
    written = d.get("display")
    title = f"{d['party_id']} {d['name'] or ''}".strip() if is_party else written if _text(written) else d["value"]
    st.subheader(f"{md(kind)}: {md(title)}")
    graph_panel(ctx, f"entity-{key}-{depth}", cache.neighbourhood(ctx, key, depth), focus=(key,))
    with st.container():
        st.markdown("**Risk**")
        if is_party:
            score = d["score"]
            st.metric("Score", "not scored" if pd.isna(score) else f"{score:.3f}")
            if isinstance(d.get("country"), str):
                st.caption(f"Country {md(d['country'])}")
            member_of(ctx, [key], "This party is")
            reasons = explore.split_reasons(d["reasons"])
            st.markdown("\n".join(f"- {md(r)}" for r in reasons) or "- no indicator fired")
        else:
            holders = cache.named(ctx, "identifier_parties", identifier_keys=[key])
            st.metric("Parties using it", f"{len(holders):,}")
            member_of(ctx, list(holders["key"]), "Parties using it are")
            if len(holders):
                st.dataframe(
                    holders.sort_values("score", ascending=False)[["label", "party_id", "name", "score"]].head(200),
                    hide_index=True,
                    width="stretch",
                    height=260,
                )
    if is_party:
        consignments = cache.named(ctx, "party_consignments", party_key=key, limit=500)
        consignments = dated(consignments.sort_values(["declaration_date", "consignment_id"], ascending=[False, True]))
        st.markdown(f"**Consignments** ({len(consignments):,}, newest first, at most 500 each way; declared value "
                    f"{md(money_sums(consignments))})")  # fmt: skip
        st.dataframe(with_money(consignments), hide_index=True, width="stretch", height=300)
        download(ctx, st, "Consignments (CSV)", csv_text(consignments), f"{d['party_id']}-consignments.csv",
                 "dl_entity", {"what": f"consignments of {key}", "formats": ["csv"]})  # fmt: skip


def _text(value) -> bool:
    """Whether a value read from the store is a non-empty string (not None, NaN or "")."""
    return isinstance(value, str) and bool(value)


def member_of(ctx: Context, keys: list[str], subject: str) -> None:
    """Links to the latest run's leads that hold these parties: "This party is a member of lead #14"."""
    leads = parties.party_leads(ctx, keys[:500]).drop_duplicates("lead_id").sort_values("rank")
    if leads.empty:
        st.caption(f"{subject} in no lead of the latest run.")
        return
    links = [f"[lead #{int(r.rank)}]({lead_link(r.lead_id)}) ({md(r.scheme)}, {md(r.status)})"
             for r in leads.head(10).itertuples(index=False)]  # fmt: skip
    more = f" and {len(leads) - 10} more" if len(leads) > 10 else ""
    st.markdown(f"{subject} a member of " + ", ".join(links) + more)
