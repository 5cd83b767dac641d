"""GraphIntel dashboard: the leads queue and one lead's network, evidence and decision."""

from graphintel.dashboard.ui import leads_page

leads_page()
