"""The dashboard's server: Streamlit's command line (``python -m graphintel.dashboard.serve run APP [options]``,
the arguments of ``python -m streamlit``) with the dashboard's caches warmed in the background as soon as the
server is up (``graphintel.dashboard.warm``). ``graphintel dashboard`` starts it (``launch.streamlit_command``).
"""

from __future__ import annotations

import sys


def main() -> None:
    from graphintel.dashboard import warm

    warm.start_in_background()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
