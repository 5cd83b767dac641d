"""GraphIntel dashboard: shortest paths between two parties."""

from graphintel.dashboard.ui import paths_page

paths_page()
