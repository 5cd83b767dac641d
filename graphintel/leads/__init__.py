"""Leads: build, rank, evaluate and export."""
