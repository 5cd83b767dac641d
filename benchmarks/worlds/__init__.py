"""Benchmark worlds: synthetic parcel data sets with planted schemes and a ground truth.

`blind` is written from the typology definitions, the canonical columns and the ground-truth format
alone (see its module docstring); it shares no code or tables with `graphintel`.
"""
