"""Entity resolution: one seller, buyer, address, phone or e-mail behind many spellings and scripts.

``resolve(records, kind)`` groups records into entities: blocking (:mod:`.block`) proposes candidate
pairs, :mod:`.compare` grades each pair field by field, :mod:`.fellegi_sunter` turns the grades into a
match probability with weights learned without labels, and :mod:`.cluster` joins records into entities
without chaining. ``search_keys(text)`` gives the keys that find a name in any script.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphintel.entities import address_compare, block, compare, pairwise
from graphintel.entities import fellegi_sunter as fs
from graphintel.entities.address import building_numbers, number_typo, sole_flats
from graphintel.entities.cluster import VETO, cluster
from graphintel.entities.keys import search_keys
from graphintel.ingest import normalise as norm

__all__ = ["KINDS", "Resolution", "resolve", "search_keys"]

KINDS = ("seller", "buyer", "address", "phone", "email")
THRESHOLD = 0.5  # the Bayes decision: link when a match is more likely than not
RANDOM_PAIRS = 200_000  # random pairs measuring u
TOKEN_WINDOW = 3  # neighbours per name token: a fallback rule for names with a typo in every key
ADDRESS_WINDOW = 20  # neighbours per address key
CONTACT_WINDOW = 20  # neighbours per id, phone or e-mail: a seller's many spellings share them (names: 10)
BUSY_DOOR = 10  # spellings agreeing with a door in words and numbers that make it a busy one (a depot)
TOKEN_BLOCK = 50  # a name token held by more records than this is common, no blocking key


@dataclass
class Resolution:
    """Entities of one kind: each record's entity, and the scored links that made them."""

    entities: pd.DataFrame  # record_id, entity_id, score, canonical, variants
    links: pd.DataFrame  # left, right, score, evidence


@contextlib.contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused: resolution allocates millions of short-lived lists and tuples and
    makes no cycles worth collecting, and each collection walks every object held (a tenth of the time
    at a million parties). The collector's state is restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _say(progress, message: str) -> None:
    if progress is not None:
        progress(message)


def _party_pairs(f: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of parties: a shared id, phone, e-mail, phonetic name key, rare name token or door.

    Each pass was kept for the true pairs only it finds (measured on the benchmark world): the full
    E.164 phone adds nothing to its last digits, and an e-mail local part nothing to the e-mail. Name
    keys, whose blocks are large (common names), pair fewer neighbours than contacts.
    """
    order = f["phone"] + "|" + f["addr_skeleton"]
    door = (f["addr_door"] + "|" + f["addr_skeleton"]).where(f["addr_door"].str.strip("|") != "", "")
    phone = f["phone_tail"].where(f["phone_tail"] != "", f["phone"])
    chunks = [block.window_pairs(key, order, CONTACT_WINDOW) for key in (f["id"], phone, f["email"])]
    chunks += [block.window_pairs(f[key], order) for key in ("name_sorted", "name_joined")]
    chunks.append(block.window_pairs(door, f["name_sorted"]))
    chunks.append(block.token_pairs(f["name_sorted"], f["name_sorted"], TOKEN_WINDOW, TOKEN_BLOCK))
    return block.union_pairs(chunks, len(f))


def _address_pairs(f: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs of addresses: same words or skeleton, a shared word skeleton at the same numbers,
    the same door numbers (whatever the words: another script), or the same PO box."""
    n = len(f)
    wide = ADDRESS_WINDOW  # addresses: fewer records, and recall is what they lack
    chunks = [block.window_pairs(f["addr_skeleton"], f["addr_words"], wide)]  # the same words add no pair to this
    chunks += [block.window_pairs(f[key], f["addr_skeleton"], wide) for key in ("addr_numbers", "addr_pobox")]
    tokens, positions = block.exploded_tokens(f["addr_skeleton"], min_length=2)
    if len(tokens):
        number = f["addr_door"].to_numpy(dtype=object)
        door_token = pd.Series(tokens.to_numpy(dtype=object) + "#" + number[positions])
        encoded = block.window_pairs(door_token, pd.Series(f["addr_words"].to_numpy()[positions]), wide)
        a, b = positions[encoded // len(tokens)], positions[encoded % len(tokens)]
        keep = a != b
        chunks.append(np.minimum(a, b)[keep].astype(np.int64) * n + np.maximum(a, b)[keep])
    return block.union_pairs(chunks, n)


def _random_pairs(n: int, seed: int = 17) -> tuple[np.ndarray, np.ndarray]:
    """Random distinct record pairs, nearly all non-matches: the sample that measures u."""
    if n < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    rng = np.random.default_rng(seed)
    size = min(RANDOM_PAIRS, n * (n - 1) // 2)
    left, right = rng.integers(0, n, size), rng.integers(0, n, size)
    keep = left != right
    return left[keep], right[keep]


def _positions(record_ids: pd.Series, decisions: pd.DataFrame | None, kind: str) -> tuple[list, list]:
    """Merge and split decisions as pairs of record positions (decisions on unknown records are ignored)."""
    if decisions is None or len(decisions) == 0:
        return [], []
    where = {rid: i for i, rid in enumerate(record_ids.tolist())}
    merges, splits = [], []
    for row in decisions.itertuples(index=False):
        a, b = where.get(str(row.left)), where.get(str(row.right))
        if a is None or b is None or a == b:
            continue
        (merges if str(row.kind).lower() == "merge" else splits).append((min(a, b), max(a, b)))
    return merges, splits


def _must_links(f: pd.DataFrame, use_ids: bool) -> list[tuple[int, int]]:
    """Records sharing a source id, chained: an id is one account, whatever its names."""
    if not use_ids or "id" not in f:
        return []
    ids = f["id"].to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")
    same = (ids[order][1:] == ids[order][:-1]) & (ids[order][1:] != "")
    return list(zip(order[:-1][same].tolist(), order[1:][same].tolist(), strict=True))


def _score_pairs(f, fields, levels_of, pairs, progress) -> tuple[pd.DataFrame, np.ndarray]:
    """Comparison vectors of the candidate pairs and their match probabilities (u from random pairs, m by EM)."""
    left, right = pairs
    _say(progress, f"comparing {len(left):,} candidate pairs")
    levels = levels_of(f, left, right)
    rl, rr = _random_pairs(len(f))
    u = fs.estimate_u(levels_of(f, rl, rr), fields)
    model = fs.fit(levels, fields, u, _sessions(levels))
    _say(progress, f"match share among candidates {model.prior:.3f}")
    # u was measured on random pairs, so the prior must be that of a random pair too: the matches EM found
    # among the candidates, spread over all n(n-1)/2 pairs (the blocking is not evidence a second time).
    n = len(f)
    model.prior = float(np.clip(model.prior * len(left) / max(n * (n - 1) / 2, 1), 1e-12, 0.5))
    correction = None
    if "name_tf" in f:  # agreeing on a value many people hold (name, depot phone or address) is weak evidence
        correction = np.zeros(len(left))
        for field, agree in (("name", (3, 4)), ("phone", (2,)), ("email", (2,)), ("address", (3, 4))):
            tf = f[f"{field}_tf"].to_numpy()
            correction += fs.term_frequency(levels, model, field, agree, np.maximum(tf[left], tf[right]))
    probability = fs.match_probability(levels, model, correction)
    if "name" in levels:
        probability = _name_alone(levels, probability)
    if "door" in levels:
        door, words = levels["door"].to_numpy(), levels["words"].to_numpy()
        # Another flat, unit or PO box is another address, however alike the words.
        probability[door == 0] = 0.0
        # Not enough to link: a building written alone against one of its flats (the building may hold
        # others), and two spellings that each hold names the other lacks (another street, district or city,
        # or typos and translations the words could not pair). They join an entity only through spellings
        # that match better; other words (level 0) count against, as Fellegi-Sunter weighs them.
        undecided = (door == 1) | (words == 1)
        probability[undecided] = np.minimum(probability[undecided], THRESHOLD)
        probability = _completed(f, pairs, levels, model, probability)
        probability = _busy_typos(f, pairs, levels, model, probability)
    return levels, probability


def _name_alone(levels: pd.DataFrame, probability: np.ndarray) -> np.ndarray:
    """A name is not a person: two records that agree on nothing but their name (no phone, e-mail or id in
    common), written at addresses that are other places, are not linked on the name's strength alone."""
    contact = (levels["phone"] >= 1) | (levels["email"] >= 1) | (levels["id"] >= 1)
    alone = ~contact.to_numpy() & levels["address"].isin((0, 1)).to_numpy()
    probability[alone] = np.minimum(probability[alone], THRESHOLD)
    return probability


def _completed(f, pairs, levels: pd.DataFrame, model, probability: np.ndarray) -> np.ndarray:
    """A building written alone whose same words meet one flat only (:func:`.address.sole_flats`) is that
    flat: the pair scores as the same door. The flats met are those of its candidate pairs and those written
    at its building anywhere (the same word skeleton, the same numbers but the flat's). Not when the
    building also agrees, door and words, with a house or villa written alone: it may be that house."""
    left, right = pairs
    door, words = levels["door"].to_numpy(), levels["words"].to_numpy()
    idx = np.flatnonzero((door == 1) & (words >= 1))  # flats met: at words that may be the same place
    unit = f["addr_unit"].to_numpy(dtype=object)
    alone = unit[left[idx]] == ""
    building = np.where(alone, left[idx], right[idx])
    flat = np.where(alone, unit[right[idx]], unit[left[idx]])
    key = f["addr_skeleton"] + "#" + pairwise.distinct_map(f["addr_numbers"] + "|" + f["addr_unit"], building_numbers)
    written = pd.DataFrame({"key": key[unit != ""].to_numpy(), "flat": unit[unit != ""]}).drop_duplicates()
    known = pd.DataFrame({"building": building, "key": key.to_numpy()[building]}).drop_duplicates()
    known = known.merge(written, on="key")
    every = sole_flats(np.r_[building, known["building"].to_numpy()], np.r_[flat, known["flat"].to_numpy()])
    label = f["addr_label"].to_numpy(dtype=object)
    flat_side = np.where(alone, right[idx], left[idx])
    # Named alike: "House 80" is not "Flat 6, Bldg 80", nor a bare "61 X Street" "Flat 2706, Bldg 61"; a
    # building ("Bldg 23") holds the flat whatever the flat's spelling names it ("Flat 3, 23 X Street").
    alike = (label[building] == label[flat_side]) | (label[building] == "building")
    # A building whose number is also written as a house or villa alone ("House 30, Madinah Road") may be
    # that house: it is completed to no flat.
    housed = (door == 4) & (words >= 3)
    house = (unit == "") & np.isin(label, ("house", "villa"))
    ambiguous = np.zeros(len(f), dtype=bool)
    ambiguous[left[housed & house[right]]] = True
    ambiguous[right[housed & house[left]]] = True
    sole = idx[every[: len(idx)] & alike & (words[idx] >= 3) & ~ambiguous[building]]
    if len(sole):
        same_door = levels.iloc[sole].assign(door=4)
        probability[sole] = fs.match_probability(same_door, model)
    return probability


def _busy_typos(f, pairs, levels: pd.DataFrame, model, probability: np.ndarray) -> np.ndarray:
    """A door number typed one key off (:func:`.address.number_typo`) by a spelling no other spelling agrees
    with, against a busy door (a depot's "Warehouse 12", :data:`BUSY_DOOR` spellings or more agreeing with
    it in words and door), with the same words: a typo, not the next warehouse ("Warehose 2"). The pair
    scores as the same door and words. Doors that fewer spellings write keep their numbers: flat 2 and
    flat 12 of one house are two flats, whichever is written more often."""
    left, right = pairs
    door, words = levels["door"].to_numpy(), levels["words"].to_numpy()
    agree = (door == 4) & (words == 4)
    support = np.bincount(left[agree], minlength=len(f)) + np.bincount(right[agree], minlength=len(f))
    busy = (np.maximum(support[left], support[right]) >= BUSY_DOOR) & (np.minimum(support[left], support[right]) <= 1)
    count = f["addr_numbers"].str.count(" ").to_numpy()
    idx = np.flatnonzero((door == 0) & busy & (count[left] == count[right]) & (levels["country"].to_numpy() != 0))
    if len(idx):
        d = address_compare.doors_of(f, left[idx], right[idx])
        typo = [number_typo(d[a], d[b]) for a, b in zip(left[idx].tolist(), right[idx].tolist(), strict=True)]
        idx = idx[np.array(typo, dtype=bool)]
    if len(idx):
        shares = address_compare.word_shares(f["addr_words"], left[idx], right[idx])
        idx = idx[address_compare.word_levels(*shares) == 4]
        probability[idx] = fs.match_probability(levels.iloc[idx].assign(door=4, words=4), model)
    return probability


def _sessions(levels: pd.DataFrame) -> list[tuple[np.ndarray, tuple[str, ...]]]:
    """EM training sessions: pairs sharing an identifier train the names; pairs sharing a name the rest."""
    if "name" in levels:
        contact = (levels["phone"] == 2) | (levels["email"] == 2) | (levels["id"] == 1)
        return [(contact.to_numpy(), ("phone", "email", "id")), ((levels["name"] >= 3).to_numpy(), ("name",))]
    return [((levels["door"] == 4).to_numpy(), ("door",)), ((levels["words"] == 4).to_numpy(), ("words",))]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def _exact_key(records: pd.DataFrame, kind: str) -> pd.Series:
    """The entity key of phones (E.164) and e-mails (folded): exact after normalisation."""
    if kind == "email":
        return pairwise.distinct_map(pairwise.column(records, "email"), compare.fold_email)
    country = pairwise.column(records, "country").str.upper()
    return norm.phones(pairwise.column(records, "phone"), country).fillna("")


def _exact_pairs(key: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive records of each non-empty key, chained."""
    encoded = block.window_pairs(key.reset_index(drop=True), None, window=1)
    return block.union_pairs([encoded], len(key))


def _canonical(values: pd.Series, labels: np.ndarray, weight: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per label: the most frequent written form (Latin first on ties) and the number of distinct spellings."""
    frame = pd.DataFrame({"label": labels, "value": values.to_numpy(), "weight": weight.to_numpy()})
    frame["spelling"] = pairwise.distinct_map(frame["value"], norm.normalise_name)
    frame = frame[frame["value"] != ""]
    totals = frame.groupby(["label", "value"], sort=False)["weight"].sum().reset_index()
    totals["latin"] = totals["value"].map(str.isascii)
    totals = totals.sort_values(["label", "weight", "latin", "value"], ascending=[True, False, False, True])
    canonical = totals.drop_duplicates("label").set_index("label")["value"]
    variants = frame.groupby("label")["spelling"].nunique()
    return canonical, variants


def _entities(records: pd.DataFrame, kind: str, labels: np.ndarray, links: pd.DataFrame) -> pd.DataFrame:
    """One row per record: its entity id (from the smallest member id), score, canonical form and variants."""
    record_id = pairwise.column(records, "record_id").reset_index(drop=True)
    smallest = record_id.groupby(labels).transform("min")
    entity_id = pairwise.distinct_map(smallest, lambda rid: f"E-{kind}-{norm.stable_key(kind, rid)}")
    score = np.ones(len(records))
    if len(links):
        best = pd.concat([links[["left", "score"]], links[["right", "score"]].rename(columns={"right": "left"})])
        best = best.groupby("left")["score"].max()
        score = record_id.map(best).fillna(1.0).to_numpy(dtype=float, copy=True)
        singles = pd.Series(labels).map(pd.Series(labels).value_counts()).to_numpy() == 1
        score[singles] = 1.0
    field = {"seller": "name", "buyer": "name", "address": "address"}.get(kind, kind)
    weight = pd.to_numeric(records["weight"], errors="coerce").fillna(1) if "weight" in records else None
    weight = (weight if weight is not None else pd.Series(np.ones(len(records)))).reset_index(drop=True)
    canonical, variants = _canonical(pairwise.column(records, field).reset_index(drop=True), labels, weight)
    return pd.DataFrame(
        {
            "record_id": record_id,
            "entity_id": entity_id,
            "score": np.round(score, 4),
            "canonical": pd.Series(labels).map(canonical).astype(object).fillna("").to_numpy(),
            "variants": pd.Series(labels).map(variants).fillna(0).astype(int).to_numpy(),
        }
    )


def _links(record_id, labels, left, right, probability, evidence_of, must) -> pd.DataFrame:
    """The pairs that hold each entity together: likely matches inside one entity, and must-links."""
    inside = (labels[left] == labels[right]) & (probability >= THRESHOLD)
    ids = record_id.to_numpy(dtype=object)
    frame = pd.DataFrame(
        {
            "left": ids[left[inside]],
            "right": ids[right[inside]],
            "score": np.round(probability[inside], 4),
            "evidence": evidence_of(np.flatnonzero(inside)),
        }
    )
    if must:
        a, b = np.array(must).T
        forced = pd.DataFrame({"left": ids[a], "right": ids[b], "score": 1.0, "evidence": '{"decision":"same"}'})
        frame = pd.concat([frame, forced], ignore_index=True).drop_duplicates(["left", "right"])
    return frame.reset_index(drop=True)


def _prepare(records: pd.DataFrame, kind: str, use_ids: bool, progress=None):
    """Features, candidate pairs, level function and fields of one kind."""
    _say(progress, "features")
    if kind in ("seller", "buyer"):
        f = compare.party_features(records)
        if not use_ids:
            f["id"] = ""
        _say(progress, "blocking")
        return f, _party_pairs(f), compare.party_levels, compare.PARTY_FIELDS
    f = address_compare.address_features(pairwise.column(records, "address"), pairwise.column(records, "country"))
    _say(progress, "blocking")
    return f, _address_pairs(f), address_compare.address_pair_levels, address_compare.ADDRESS_FIELDS


def resolve(
    records: pd.DataFrame,
    kind: str,
    *,
    use_ids: bool = True,
    decisions: pd.DataFrame | None = None,
    progress=None,
) -> Resolution:
    """Resolve ``records`` of one ``kind`` (seller, buyer, address, phone, email) into entities.

    ``records`` holds ``record_id`` and the kind's fields (see the module docs; an optional ``weight``
    column, e.g. consignment counts, chooses the canonical form). ``decisions`` (``kind`` merge|split,
    ``left``, ``right`` record ids) force records together or apart. ``progress`` receives messages.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    with _no_cycle_collection():
        return _resolve(records, kind, use_ids, decisions, progress)


def _resolve(records: pd.DataFrame, kind: str, use_ids: bool, decisions, progress) -> Resolution:
    """:func:`resolve` of a valid ``kind``."""
    records = records.reset_index(drop=True)
    record_id = pairwise.column(records, "record_id")
    if len(records) == 0:
        empty = pd.DataFrame({"record_id": [], "entity_id": [], "score": [], "canonical": [], "variants": []})
        return Resolution(empty, pd.DataFrame({"left": [], "right": [], "score": [], "evidence": []}))
    merges, splits = _positions(record_id, decisions, kind)
    if kind in ("phone", "email"):
        left, right = _exact_pairs(_exact_key(records, kind))
        probability = np.ones(len(left))
        def evidence_of(idx):
            return [f'{{"{kind}":"exact"}}'] * len(idx)
        must = []
    else:
        f, (left, right), levels_of, fields = _prepare(records, kind, use_ids, progress)
        levels, probability = _score_pairs(f, fields, levels_of, (left, right), progress)
        def evidence_of(idx):
            return compare.evidence(levels.iloc[idx])
        must = _must_links(f, use_ids)
    weight = _logit(probability) - _logit(np.array(THRESHOLD))
    if splits:
        split = np.array(splits, dtype=np.int64).T
        left, right = np.concatenate([left, split[0]]), np.concatenate([right, split[1]])
        weight = np.concatenate([weight, np.full(len(splits), VETO)])
    _say(progress, "clustering")
    labels = cluster(len(records), left, right, weight, must + merges)
    _say(progress, "entities and links")
    n_scored = len(probability)
    links = _links(record_id, labels, left[:n_scored], right[:n_scored], probability, evidence_of, must + merges)
    return Resolution(_entities(records, kind, labels, links), links)
