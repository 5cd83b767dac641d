"""Scoring: indicators, anomaly model, explanations."""
