"""GraphIntel: find illicit-trade networks in cross-border e-commerce consignments."""

__version__ = "0.1.0"
