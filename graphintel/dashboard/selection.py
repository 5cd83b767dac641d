"""A row clicked in a table opens what the row names.

``st.dataframe(..., on_select="rerun", selection_mode="single-row")`` reports the selected rows as
positions in the frame as it was passed, whatever order the user sorted the table into by its column
headers. ``clicked`` turns them into the row's id. The selection persists across reruns, so a click
counts once: afterwards the page's picker (a select box) may choose another row without the old click
taking over again. ``table_key`` gives a table a key of its own per frame (its ids, in order), so that a
filter or a sort that changes the frame also clears the selection instead of pointing at another row.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st


def table_key(name: str, ids) -> str:
    """A dataframe key that changes with the rows shown (their ids, in their order)."""
    digest = hashlib.sha1("\x1f".join(map(str, ids)).encode("utf-8")).hexdigest()[:12]
    return f"{name}-{digest}"


def selected_ids(event, frame: pd.DataFrame, id_column: str) -> list[str]:
    """The ids of the selected rows: positions of ``frame`` as passed to ``st.dataframe``."""
    selection = getattr(event, "selection", None) if event is not None else None
    rows = list(getattr(selection, "rows", None) or []) if selection is not None else []
    return [str(frame[id_column].iloc[r]) for r in rows if isinstance(r, int) and 0 <= r < len(frame)]


def clicked(event, frame: pd.DataFrame, id_column: str, key: str) -> str | None:
    """The id of the row the user has just selected in the table ``key``; None when the selection did not
    change since the last run (or was cleared)."""
    ids = selected_ids(event, frame, id_column)
    current = ids[0] if ids else None
    seen = f"{key}:seen"
    if st.session_state.get(seen) == current:
        return None
    st.session_state[seen] = current
    return current


def choose(widget_key: str, options: list, clicked_id: str | None, wanted: str | None = None) -> None:
    """Point the select box ``widget_key`` at the clicked row; else keep its choice while it is an option; else
    ``wanted`` (e.g. from the address bar) or the first option. Call before drawing the select box, and draw it
    without ``index``."""
    if clicked_id is not None and clicked_id in options:
        st.session_state[widget_key] = clicked_id
    elif st.session_state.get(widget_key) not in options:
        st.session_state[widget_key] = wanted if wanted in options else options[0]
