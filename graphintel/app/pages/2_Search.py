"""GraphIntel dashboard: entity search and an entity's neighbourhood."""

from graphintel.dashboard.ui import search_page

search_page()
