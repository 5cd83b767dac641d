"""Commands over entities: ``entities`` (resolve, write, export), ``entities merge|split`` and ``search``."""

from __future__ import annotations

from graphintel import console
from graphintel.cli import common

SEARCH_TYPES = {"party": ("Seller", "Buyer"), "address": ("Address",), "phone": ("Phone",), "email": ("Email",)}


def cmd_entities(args) -> int:
    """Resolve the store's sellers, buyers and addresses into entities, write them (entity ids and
    ``SAME_AS`` edges) and, with ``--out``, one row per consignment and role."""
    from graphintel.entities.graph import PLURAL, consignment_entities, resolve_store, write_entities
    from graphintel.leads.export.cells import write_csv
    from graphintel.private import private_dir

    if args.out:
        common.output_file(args.out)  # a folder or a file in the way is named now, not after the resolution
    with common.open_store(args) as store, console.steps("entities", 4) as done:
        found = resolve_store(store, use_ids=not args.ignore_ids, progress=done)
        write_entities(store, found)
        done("written")
        rows = consignment_entities(store) if args.out else None
    lines = []
    for label, facts in found.summary().items():
        lines.append(
            (PLURAL[label], f"{facts['spellings']:,} spellings -> {facts['entities']:,} entities "
                                  f"({facts['links']:,} SAME_AS links)")
        )  # fmt: skip
    if rows is not None:
        private_dir(args.out.parent, tighten=False)
        write_csv(rows[["consignment_id", "role", "entity_id", "score"]], args.out)
        lines.append(("wrote", f"{args.out} ({len(rows):,} rows: consignment, role, entity, score)"))
    lines.append(("seconds", f"{found.seconds:.1f}"))
    console.summary("entities", lines)
    return 0


def cmd_entities_decide(args) -> int:
    """Record an analyst's merge or split of two spellings; the next resolution respects it."""
    from graphintel.entities.graph import record_decision

    with common.open_store(args) as store:
        decision = record_decision(store, args.action, args.left, args.right, args.by, args.note)
    console.summary(
        f"entities {args.action}",
        [
            ("decision", f"{decision['left']} and {decision['right']}: {args.action}"),
            ("by", f"{decision['analyst']} at {decision['decided_at']}"),
            ("next", "run `graphintel entities` (or the next scoring run) to apply it"),
        ],
    )
    return 0


def cmd_search(args) -> int:
    """Print the best matches for a text, in any script, grouped by entity."""
    from graphintel.leads.neighbours import read_nodes
    from graphintel.leads.search import SearchIndex

    with common.open_for_reading(args) as store:
        index = SearchIndex.from_nodes(read_nodes(store))
    found = index.search_entities(args.text, limit=args.limit, labels=SEARCH_TYPES.get(args.type))
    if found.empty:
        console.summary("search", [("text", args.text), ("matches", "none")])
        return 0
    width = max(len(str(n)) for n in found["name"])
    for row in found.itertuples(index=False):
        spellings = f"{row.variants} spellings" if row.variants > 1 else "1 spelling"
        print(f"{row.match:>3}  {row.label:<8} {str(row.name):<{min(width, 48)}}  {row.entity_id}  ({spellings}; "
              f"{row.key})")  # fmt: skip
    console.summary("search", [("text", args.text), ("matches", f"{len(found)} entities")])
    return 0
