"""The indicator engine: every case-level indicator defined once, in Ibis, run on any backend.

``compute(tables, years=[2025], population={2024: 93851})`` returns a ``Result`` with the values
by reporting year, month and split. ``tables`` maps the canonical table names to Ibis tables:
``from_arrow`` (in memory) or ``from_parquet`` (a snapshot's folder) make them. DuckDB runs the
queries by default; pass ``backend=ibis.polars.connect()`` (or any Ibis backend) to run the same
definitions elsewhere.
"""

from .indicators import INDICATORS, Indicator
from .rollup import Result
from .run import compute
from .sources import from_arrow, from_parquet

__all__ = ["INDICATORS", "Indicator", "Result", "compute", "from_arrow", "from_parquet"]
