"""Commands over leads: ``leads export`` and ``leads list``."""

from __future__ import annotations

from pathlib import Path

from graphintel import config, console
from graphintel.cli import common
from graphintel.errors import InputError


def cmd_leads_export(args) -> int:
    export(args, args.format, args.top, args.run, args.out, args.lead_ids, mask=args.mask)
    return 0


def export(args, formats: str, top: int, run_id: str | None, out: Path | None, lead_ids=None, mask: bool = False):
    """Write lead packages of a run in the given formats; print what was written."""
    from graphintel.leads.export import EXPORT_LOG, export_package
    from graphintel.leads.package import load_package

    names = common.export_formats(formats)
    if not names:
        raise InputError(f"--format '{formats}' names no format; choose from csv, graphml, html, json, xlsx")
    if out is not None:
        common.output_folder(out)
    with common.open_for_reading(args) as store:
        package = load_package(store, run_id=run_id, top=None if lead_ids else top, lead_ids=lead_ids)
    folder = out or Path(package.run["folder"]) / "export"
    home = common.home(args)
    written = export_package(package, names, folder, home, mask=mask)
    marking = config.handling_marking(home)
    console.summary(
        "leads export",
        [
            ("run", package.run["run_id"]),
            (
                "leads",
                f"{len(package.leads)} (with {len(package.members)} members, "
                f"{len(package.consignments)} evidence consignments)",
            ),
            ("masked", "yes (buyer names, phones, e-mails, street addresses)" if mask else "no"),
            ("handling marking", marking or "none (set marking in HOME/settings.toml or GRAPHINTEL_MARKING)"),
            ("folder", str(folder)),
            *[("wrote", str(p.relative_to(folder))) for p in written],
            ("logged in", str(home / EXPORT_LOG)),
        ],
    )
    return written


def cmd_leads_list(args) -> int:
    from graphintel.leads.package import load_package

    with common.open_for_reading(args) as store:
        package = load_package(store, run_id=args.run, top=args.top)
    rows = [
        (f"#{r.rank} {r.lead_id}", f"{r.score:.3f} {r.scheme} [{r.status}] {str(r.reasons)[:160]}")
        for r in package.leads.itertuples()
    ]
    console.summary(f"leads of run {package.run['run_id']}", rows or [("leads", "none")])
    return 0
