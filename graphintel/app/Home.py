"""GraphIntel dashboard: overview. Other pages: ``app/pages/``. Logic: ``graphintel.dashboard.ui``."""

from graphintel.dashboard.ui import overview_page

overview_page()
