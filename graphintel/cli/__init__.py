"""The ``graphintel`` command: a thin layer over the library.

Every command ends with a short summary; user errors print one line and exit
non-zero (2 bad input, 3 store problem, 4 another batch run holds the lock, 5 partial
success: some rows quarantined or files rejected); ``GRAPHINTEL_DEBUG=1`` shows tracebacks.

``parser`` declares the commands and flags (argparse); each ``commands_*`` module holds the
commands of one group, each a short function over the library.
"""

from __future__ import annotations

import os

from graphintel import console
from graphintel.cli.parser import build_parser
from graphintel.errors import GraphIntelError
from graphintel.users import DEMO_USER, demo_login

__all__ = ["DEMO_USER", "build_parser", "demo_login", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    # Everything a command creates (store, quarantine, runs, ledger, exports) holds personal data: 0600
    # files in 0700 folders from the moment they exist.
    umask = os.umask(0o077)
    try:
        return int(args.func(args) or 0)
    except GraphIntelError as exc:
        console.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        console.error("interrupted; every batch loaded before this point is kept")
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if os.environ.get("GRAPHINTEL_DEBUG"):
            raise
        console.error(f"internal error: {type(exc).__name__}: {exc} (set GRAPHINTEL_DEBUG=1 for details)")
        return 1
    finally:
        os.umask(umask)
