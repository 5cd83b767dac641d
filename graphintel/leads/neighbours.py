"""The neighbourhood reads of a large store, answered from memory.

At a million consignments a neighbourhood of depth 2 around a busy seller
needs a few hundred lookups (its partners, their addresses, phones and
e-mails, the parties at those): 2 to 10 ms each on LadybugDB, and on Neo4j
aggregations over the seller's tens of thousands of parcels; over a second
either way. Like the search index, this index reads the parties,
identifiers, ties and seller-buyer trade once per data version (10 s embedded,
2.5 minutes over Bolt at a million consignments) and then answers the same
four reads as the named queries (``entity_details``, ``entity_identifiers``,
``entity_trade``, ``identifier_parties``), with the same columns and rows, in
milliseconds. ``IndexedStore`` is a store whose neighbourhood reads it answers;
the dashboard uses one from 50,000 consignments (``dashboard.access.neighbour_store``).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from graphintel.store.base import GraphBatch, GraphStore, LoadCounts


class NeighbourIndex:
    """Parties, identifiers, party-identifier ties and seller-buyer trade, grouped by key for lookups."""

    def __init__(self, nodes: pd.DataFrame, ties: pd.DataFrame, trade: pd.DataFrame) -> None:
        # Keys as Python strings: pandas looks Arrow-backed strings up by converting the whole column each time.
        self.nodes = nodes.set_index(pd.Index(nodes["key"].to_numpy(dtype=object), dtype=object), drop=False)
        self.ties = ties.sort_values(["party", "kind", "key"], ignore_index=True)
        self.trade = trade.reset_index(drop=True)
        self._ties_of = _Groups(self.ties["party"])
        self._members_of = _Groups(self.ties["key"])
        self._sold_by = _Groups(self.trade["seller"])
        self._bought_by = _Groups(self.trade["buyer"])
        self.nodes.index.get_indexer(self.nodes.index[:1])  # builds the key lookup now, not on the first read

    @classmethod
    def build(cls, store: GraphStore, nodes: pd.DataFrame | None = None) -> NeighbourIndex:
        """Read the parties, identifiers, ties and trade once (four named queries); ``nodes`` when the
        parties and identifiers were read already (``read_nodes``, which search indexes too)."""
        frame = read_nodes(store) if nodes is None else nodes
        ties = store.named("index_ties", bulk=True)
        trade = store.named("index_trade", bulk=True)
        return cls(_one_chunk(frame), _one_chunk(ties), _one_chunk(trade))

    def __len__(self) -> int:
        return len(self.nodes)

    # -- the four reads, as the named queries give them ------------------------------------------
    def answer(self, query: str, keys: list[str]) -> pd.DataFrame:
        """What the named ``query`` (one of the four) returns for ``keys``."""
        return {
            "entity_details": self.details,
            "entity_identifiers": self.identifiers,
            "entity_trade": self.trade_of,
            "identifier_parties": self.parties_at,
        }[query](keys)

    def details(self, keys: list[str]) -> pd.DataFrame:
        found = self.nodes.loc[self.nodes.index.intersection(pd.Index(keys, dtype=object))]
        columns = ["label", "key", "party_id", "name", "value", "country", "score", "reasons", "display"]
        return found[columns].sort_values("key").reset_index(drop=True)

    def identifiers(self, party_keys: list[str]) -> pd.DataFrame:
        rows = self._ties_of.rows(sorted(set(party_keys)))
        out = self.ties.iloc[rows][["party", "kind", "key"]].reset_index(drop=True)
        facts = self.nodes.reindex(out["key"])
        out["value"] = facts["value"].to_numpy()
        out["display"] = facts["display"].to_numpy()
        return out

    def trade_of(self, party_keys: list[str]) -> pd.DataFrame:
        keys = list(dict.fromkeys(party_keys))
        parts = []
        for positions, partner, label in ((self._sold_by, "buyer", "Buyer"), (self._bought_by, "seller", "Seller")):
            part = self.trade.iloc[positions.rows(keys)].reset_index(drop=True)
            facts = self.nodes.reindex(part[partner])
            parts.append(
                pd.DataFrame(
                    {
                        "seller": part["seller"],
                        "buyer": part["buyer"],
                        "partner_id": facts["party_id"].to_numpy(),
                        "partner_name": facts["name"].to_numpy(),
                        "partner_score": facts["score"].to_numpy(),
                        "partner_label": label,
                        "parcels": part["parcels"],
                        "value": part["value"],
                    }
                )
            )
        return pd.concat(parts, ignore_index=True)

    def parties_at(self, identifier_keys: list[str]) -> pd.DataFrame:
        rows = self._members_of.rows(sorted(set(identifier_keys)))
        ties = self.ties.iloc[rows]
        facts = self.nodes.reindex(ties["party"])
        out = pd.DataFrame(
            {
                "identifier": ties["key"].to_numpy(),
                "label": facts["label"].to_numpy(),
                "key": ties["party"].to_numpy(),
                "party_id": facts["party_id"].to_numpy(),
                "name": facts["name"].to_numpy(),
                "score": facts["score"].to_numpy(),
            }
        )
        return out.sort_values(["identifier", "key"], kind="stable", ignore_index=True)


def _one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each Arrow-backed column in one chunk: taking a few rows from a column in several
    chunks joins them all first (2 ms a column at a million rows, for every lookup)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False).combine_chunks().to_pandas()


class _Groups:
    """Row positions by value of a column, as three arrays (a dict of arrays would take gigabytes)."""

    def __init__(self, column: pd.Series) -> None:
        codes, uniques = pd.factorize(column)
        self.values = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
        self.order = np.argsort(codes, kind="stable")
        self.bounds = np.searchsorted(codes[self.order], np.arange(len(uniques) + 1))
        self.values.get_indexer(self.values[:1])  # builds the lookup now, not on the first read

    def rows(self, keys) -> np.ndarray:
        """The row positions of every key's rows, key by key, in table order within a key."""
        codes = self.values.get_indexer(pd.Index(list(keys), dtype=object))
        found = [self.order[self.bounds[c] : self.bounds[c + 1]] for c in codes if c >= 0]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def read_nodes(store: GraphStore) -> pd.DataFrame:
    """Every party and identifier with what the neighbour index and search show of them (two named queries):
    ``label, key, party_id, name, value, country, score, reasons, display``."""
    frame = pd.concat(
        [store.named("index_parties", bulk=True), store.named("index_identifiers", bulk=True)], ignore_index=True
    )
    for column in ("party_id", "name", "value", "country", "score", "reasons", "display"):
        if column not in frame:
            frame[column] = None
    return frame


class IndexedStore:
    """A ``GraphStore`` whose neighbourhood reads (``neighbour_rows``) are answered from a ``NeighbourIndex``
    built once for the wrapped store's data version; every other read and write goes to the wrapped store."""

    frontier_batch = None  # lookups are in memory: the whole frontier at once

    def __init__(self, store: GraphStore, index: NeighbourIndex | None = None, nodes: pd.DataFrame | None = None):
        self.inner = store
        self.version = store.data_version()
        self.index = index if index is not None else NeighbourIndex.build(store, nodes)
        self.uri, self.read_only, self.dialect, self.shared = store.uri, store.read_only, store.dialect, store.shared
        self.background_load, self.ingest_chunk_rows = store.background_load, store.ingest_chunk_rows

    def neighbour_rows(self, read: str, keys: list[str]) -> pd.DataFrame:
        return self.index.answer(read, keys)

    # -- everything else: the wrapped store's ------------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.inner.query(cypher, params)

    def bulk_query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.inner.bulk_query(cypher, params)

    def arrow_query(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        return self.inner.arrow_query(cypher, params)

    def named(self, name: str, params: dict[str, Any] | None = None, bulk: bool = False) -> pd.DataFrame:
        return self.inner.named(name, params, bulk)

    @property
    def consignment_count(self) -> int:
        return self.inner.consignment_count

    def data_version(self) -> Hashable:
        return self.inner.data_version()

    def counts(self) -> dict[str, int]:
        return self.inner.counts()

    def consignment_versions(self, keys: list[str] | None = None) -> pd.DataFrame:
        return self.inner.consignment_versions(keys)

    def ensure_schema(self) -> None:
        self.inner.ensure_schema()

    def prepare_batch(self, batch: GraphBatch) -> GraphBatch:
        return self.inner.prepare_batch(batch)

    def load(self, batch: GraphBatch) -> LoadCounts:
        return self.inner.load(batch)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self.inner.write(cypher, params)

    def write_named(self, name: str, params: dict[str, Any] | None = None) -> None:
        self.inner.write_named(name, params)

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        return self.inner.update_properties(label, frame)

    def replace_run(
        self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame, evidence: pd.DataFrame
    ) -> None:
        self.inner.replace_run(run, leads, members, evidence)

    def replace_entities(self, label: str, entities: pd.DataFrame, links: pd.DataFrame) -> None:
        self.inner.replace_entities(label, entities, links)

    def close(self) -> None:
        self.inner.close()
