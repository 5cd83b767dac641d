"""Turn validated consignment rows into graph nodes and edges with stable keys."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from graphintel import schema
from graphintel.ingest import normalise as norm
from graphintel.store.base import GraphBatch, RelFrame

_PARTY_PREFIX = {schema.SELLER: "seller", schema.BUYER: "buyer"}
WRITTEN_LABELS = (schema.ADDRESS,)  # identifiers that keep a spelling as written (``display``) for people to read


def party_frame(rows: pd.DataFrame, role: str) -> pd.DataFrame:
    """Key, source id, name and identifiers of the seller or buyer of each row.

    A party is keyed by its source id when it has one, else by its normalised
    name, country and contacts; rows with neither id nor name have no party (empty
    key). Each identifier kind of the schema gives two columns: its normalised value
    and its node key.
    """
    col = _PARTY_PREFIX[role]
    source_id = _col(rows, f"{col}_id")
    name = _col(rows, f"{col}_name")
    country = _col(rows, f"{col}_country")
    name_norm = norm.names(name)
    id_norm = norm.ids(source_id)
    derived = name_norm.where(name_norm == "", "~" + name_norm.str.replace(" ", "-") + "~" + country)
    party_id = source_id.where(source_id != "", derived)
    frame = pd.DataFrame(
        {"party_id": party_id, "name": name, "name_norm": name_norm, "country": country}, index=rows.index
    )
    for kind in schema.IDENTIFIERS:
        written = _col(rows, f"{col}_{kind.column}")
        value, ident = norm.IDENTIFIER_NORMALISERS[kind.column](written, country)
        frame[kind.column] = value
        frame[f"{kind.column}_key"] = np.where(value != "", kind.prefix + ident.astype(str), "")
        if kind.label in WRITTEN_LABELS:
            frame[f"{kind.column}_written"] = written
    # Without a source id a party is its name with its contacts: two people who share a name but not an
    # address, phone or e-mail stay two nodes, and entity resolution (graphintel.entities) decides which
    # spellings are one person. The same name, country and contacts meet on one key on every load.
    contacts = [frame[f"{kind.column}_key"].astype(str) for kind in schema.IDENTIFIERS]
    joined = contacts[0].str.cat(contacts[1:], sep="\x1f") if len(contacts) > 1 else contacts[0]
    digest = norm.digests(joined)
    key = np.where(
        id_norm != "",
        col + ":" + id_norm,
        np.where(name_norm != "", col + "~" + name_norm + "~" + country + "~" + digest, ""),
    )
    frame.insert(0, "key", key)
    return frame


def build_batch(rows: pd.DataFrame, source_file: str, extra_columns: list[str]) -> GraphBatch:
    """Nodes and edges for validated rows (canonical columns, typed)."""
    batch = GraphBatch()
    ckey = rows["consignment_id"].astype(str).str.strip()
    sellers = party_frame(rows, schema.SELLER)
    buyers = party_frame(rows, schema.BUYER)
    consignment = _consignments(rows, ckey, sellers, buyers, source_file, extra_columns)
    batch.nodes[schema.CONSIGNMENT] = consignment
    for label, parties in ((schema.SELLER, sellers), (schema.BUYER, buyers)):
        _add_party(batch, label, parties)
    _add_written(batch, sellers, buyers)
    _add_edges(batch, ckey, sellers, buyers)
    _add_actors(batch, rows, consignment, ckey)
    return batch


def _consignments(rows, ckey, sellers, buyers, source_file: str, extra_columns: list[str]) -> pd.DataFrame:
    """The Consignment nodes: the canonical properties, the parties' keys, the source file and line."""
    consignment = pd.DataFrame(index=rows.index)
    consignment["key"] = ckey
    for name in schema.NODE_TYPES[schema.CONSIGNMENT].properties:
        if name in rows:
            consignment[name] = rows[name]
    consignment["consignment_id"] = ckey
    consignment["seller_key"] = sellers["key"]
    consignment["buyer_key"] = buyers["key"]
    consignment["delivery_address_key"] = buyers["address_key"]
    hs = _col(rows, "hs_code").str.replace(r"[^0-9]", "", regex=True)
    consignment["hs_code"] = hs
    consignment["hs_chapter"] = hs.str.slice(0, 2)
    for actor in ("declarant_id", "carrier_id", "platform"):
        consignment[actor] = norm.ids(_col(rows, actor))
    if "_quality" in rows:
        consignment["quality"] = rows["_quality"].astype(str)
    consignment["source_file"] = source_file
    consignment["source_line"] = rows["_line"].astype("int64")
    if "_content_hash" in rows:
        consignment["content_hash"] = rows["_content_hash"]
    if extra_columns:
        extras = rows[extra_columns]
        consignment["extra"] = [
            json.dumps({k: v for k, v in rec.items() if v != ""}, ensure_ascii=False, sort_keys=True)
            for rec in extras.to_dict("records")
        ]
    return consignment


def _add_party(batch: GraphBatch, label: str, parties: pd.DataFrame) -> None:
    """A party label's nodes, and for each identifier kind of the schema its nodes and the ties to them."""
    present = parties[parties["key"] != ""]
    batch.nodes[label] = present[["key", "party_id", "name", "name_norm", "country"]].drop_duplicates("key")
    for kind in schema.IDENTIFIERS:
        linked = present[present[kind.column] != ""]
        keys = linked[f"{kind.column}_key"]
        ident = pd.DataFrame(
            {"key": keys.values, "value": linked[kind.column].values, "country": linked["country"].values}
        )
        batch.nodes[kind.label] = pd.concat([batch.nodes.get(kind.label, ident.iloc[:0]), ident]).drop_duplicates("key")
        edges = pd.DataFrame({"from": linked["key"].values, "to": keys.values})
        batch.rels.append(RelFrame(kind.relationship, label, kind.label, edges))


def _add_written(batch: GraphBatch, sellers: pd.DataFrame, buyers: pd.DataFrame) -> None:
    """Each address node's ``display``: its most common spelling as written among the rows of the batch (sellers'
    and buyers' alike; the first met among equally common ones), spaces collapsed. The store keeps the
    spelling of the load that first held the node."""
    for kind in schema.IDENTIFIERS:
        if kind.label not in WRITTEN_LABELS or kind.label not in batch.nodes:
            continue
        key, written = f"{kind.column}_key", f"{kind.column}_written"
        both = pd.concat([sellers[[key, written]], buyers[[key, written]]], ignore_index=True)  # "" keys: no node
        nodes = batch.nodes[kind.label]
        batch.nodes[kind.label] = nodes.assign(display=nodes["key"].map(_most_common(both[key], both[written])))


def _most_common(keys: pd.Series, values: pd.Series) -> pd.Series:
    """Per key, its most common value (the first met among equally common ones), spaces collapsed: counted on
    integer codes, so a million rows cost a fraction of a second.

    >>> _most_common(pd.Series(["a", "b", "a", "a", "b"]), pd.Series(["X  1", "y", "x 1", "x 1", "z"])).to_dict()
    {'a': 'x 1', 'b': 'y'}
    """
    if keys.empty:
        return pd.Series(dtype=object)
    key_codes, key_values = pd.factorize(keys)
    codes, written = pd.factorize(values)
    collapsed, spellings = pd.factorize(pd.Series([" ".join(str(v).split()) for v in written.tolist()], dtype=object))
    codes = collapsed[codes]
    pair = key_codes.astype(np.int64) * len(spellings) + codes
    pairs, first, counts = np.unique(pair, return_index=True, return_counts=True)
    owner = pairs // len(spellings)
    order = np.lexsort((first, -counts, owner))  # per key: most common first, then first met
    best = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    chosen = np.asarray(spellings, dtype=object)[pairs[best] % len(spellings)].tolist()
    return pd.Series(chosen, index=pd.Index(np.asarray(key_values, dtype=object)[owner[best]]), dtype=object)


def _add_edges(batch: GraphBatch, ckey: pd.Series, sellers: pd.DataFrame, buyers: pd.DataFrame) -> None:
    """Seller -> consignment -> buyer, and consignment -> delivery address."""
    has_seller = sellers["key"] != ""
    has_buyer = buyers["key"] != ""
    delivered = buyers["address_key"] != ""
    for rel, a, b, frame in (
        (schema.SHIPPED, schema.SELLER, schema.CONSIGNMENT,
         pd.DataFrame({"from": sellers["key"][has_seller].values, "to": ckey[has_seller].values})),
        (schema.CONSIGNED_TO, schema.CONSIGNMENT, schema.BUYER,
         pd.DataFrame({"from": ckey[has_buyer].values, "to": buyers["key"][has_buyer].values})),
        (schema.DELIVERED_TO, schema.CONSIGNMENT, schema.ADDRESS,
         pd.DataFrame({"from": ckey[delivered].values, "to": buyers["address_key"][delivered].values})),
    ):  # fmt: skip
        batch.rels.append(RelFrame(rel, a, b, frame))


def _add_actors(batch: GraphBatch, rows: pd.DataFrame, consignment: pd.DataFrame, ckey: pd.Series) -> None:
    """Declarants, carriers and platforms, and each consignment's edge to its own."""
    for column, label, rel in (
        ("declarant_id", schema.DECLARANT, schema.DECLARED_BY),
        ("carrier_id", schema.CARRIER, schema.CARRIED_BY),
        ("platform", schema.PLATFORM, schema.LISTED_ON),
    ):
        ids = consignment[column]
        raw = _col(rows, column)
        present = ids != ""
        keys = label.lower() + ":" + ids[present]
        batch.nodes[label] = pd.DataFrame({"key": keys.values, "name": raw[present].values}).drop_duplicates("key")
        batch.rels.append(
            RelFrame(rel, schema.CONSIGNMENT, label, pd.DataFrame({"from": ckey[present].values, "to": keys.values}))
        )


def content_hashes(rows: pd.DataFrame, extra_columns: list[str]) -> pd.Series:
    """A digest of each validated row's content: its canonical values as typed, then its extra columns.

    A column a file lacks and an empty one count alike, and so do ``50`` and ``50.0``, so the same
    consignment sent again in another file (or with another column order) has the same digest; any
    changed value gives another.
    """
    if rows.empty:
        return pd.Series([], index=rows.index, dtype=object)
    pieces: list[list[str]] = []
    for column in schema.COLUMNS:
        if column.name in rows:
            pieces.append(_labelled(column.name, _as_text(rows[column.name], column.type)))
    for name in sorted(extra_columns):
        if name in rows:
            pieces.append(_labelled("+" + name, rows[name].fillna("").astype(str).tolist()))
    return pd.Series(
        [
            hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            for parts in zip(*pieces, strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


def _as_text(values: pd.Series, kind: str) -> list[str]:
    """Typed values as stable text ("" when missing): dates ``YYYY-MM-DD``, numbers as Python writes floats."""
    if kind == "date":
        days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
        text = np.datetime_as_string(days)
        return np.where(text == "NaT", "", text).tolist()
    if kind in ("float", "int"):
        number = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        return [repr(v) if v == v else "" for v in number.tolist()]
    if kind == "flag":
        return ["" if v is None or v != v else str(int(v)) for v in values.tolist()]
    return values.fillna("").astype(str).tolist()


def _labelled(name: str, values: list[str]) -> list[str]:
    prefix = name + "="
    return [prefix + v + "\x1f" if v else "" for v in values]


def _col(rows: pd.DataFrame, name: str) -> pd.Series:
    if name in rows:
        return rows[name].fillna("").astype(str).str.strip()
    return pd.Series("", index=rows.index, dtype=object)
