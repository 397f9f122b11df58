"""Synthetic children's social care data: realistic, reproducible from a seed, with the truth.

``generate(children=..., years=..., seed=...)`` simulates a local authority's children over
the reporting years (``simulate.py``); ``tables.canonical`` turns that into the canonical
tables, ``truth.ground_truth`` computes the indicator values it planted (in NumPy, not with
the indicator engine), and ``files`` writes what a local authority would send: CIN census XML,
an Annex A workbook and SSDA903 CSVs. Used by the demo, the tests and the benchmark.
"""

from .simulate import Synthetic, generate

__all__ = ["Synthetic", "generate"]
