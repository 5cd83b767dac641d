"""The dashboard's pages, by their former home: ``app/`` and older code import them from here.

Each page lives in ``graphintel.dashboard.pages``; what pages share in ``widgets`` (page frame, charts,
downloads, the interactive graph), ``cache`` (cached reads over the read-only connection) and ``catalogue``
(the query workbench's named queries).
"""

from graphintel.dashboard.cache import Context, _lead_network, _package, named, search_index
from graphintel.dashboard.catalogue import parse_param, query_catalogue
from graphintel.dashboard.pages.leads import leads_page
from graphintel.dashboard.pages.overview import overview_page
from graphintel.dashboard.pages.paths import paths_page
from graphintel.dashboard.pages.queries import queries_page
from graphintel.dashboard.pages.search import search_page
from graphintel.dashboard.safe import graph_elements
from graphintel.dashboard.widgets import _log_download, graph_panel, page
from graphintel.users import User

__all__ = [
    "Context",
    "User",
    "_lead_network",
    "_log_download",
    "_package",
    "graph_elements",
    "graph_panel",
    "leads_page",
    "named",
    "overview_page",
    "page",
    "parse_param",
    "paths_page",
    "queries_page",
    "query_catalogue",
    "search_index",
    "search_page",
]
