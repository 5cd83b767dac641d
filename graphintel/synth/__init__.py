"""Synthetic consignments with planted schemes and ground truth."""

from graphintel.synth.parcels import GeneratorConfig, generate, write

__all__ = ["GeneratorConfig", "generate", "write"]
