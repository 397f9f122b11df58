"""Subcommands of ``scrutineer casedata``, one module each.

Each module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(command, options) -> None`` (``command`` is the Django command, for ``stdout``/``stderr``
and ``CommandError``). The command finds every module here, so a capability adds its
subcommand without editing the others.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def subcommands() -> dict[str, ModuleType]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[getattr(module, "NAME", info.name.rstrip("_"))] = module
    return found
