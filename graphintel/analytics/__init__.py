"""Projections and network algorithms: plain functions over graphs and frames."""

from graphintel.analytics.algorithms import (
    centrality,
    communities,
    connected_components,
    core_numbers,
)
from graphintel.analytics.projection import (
    ProjectionData,
    identifier_specificity,
    party_graph,
)

__all__ = [
    "ProjectionData",
    "centrality",
    "communities",
    "connected_components",
    "core_numbers",
    "identifier_specificity",
    "party_graph",
]
