"""Rows of the permission matrix kept beside the feature they belong to.

Each module here defines ``MATRIX`` (rows as in ``tests/test_permission_matrix.py``), a function
``records(*, users, police, council) -> dict`` that makes the records its rows are about, and
optionally ``URL_KWARGS`` (object column -> URL arguments). The matrix test finds every module
in this package, so a feature adds its pages without editing the shared table.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def parts() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    ]
