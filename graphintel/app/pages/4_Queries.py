"""GraphIntel dashboard: the read-only query workbench."""

from graphintel.dashboard.ui import queries_page

queries_page()
