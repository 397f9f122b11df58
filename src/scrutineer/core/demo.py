"""The demo partnership's registry of loading steps.

Each app that has demo data puts a ``demo.py`` module beside its models with one or more
functions decorated ``@demo_step(order)``. ``scrutineer demo`` imports those modules and runs
the steps in order, in one transaction. Every step must be deterministic (a fixed seed, fixed
dates relative to a fixed reference) and idempotent (update_or_create on natural keys), so that
running the demo twice leaves the same data as running it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoReport:
    """What a demo run made, for the command to print."""

    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, agency
    password: str = ""
    lines: list[str] = field(default_factory=list)


Step = Callable[[DemoReport], Any]
_STEPS: list[tuple[int, str, Step]] = []


def demo_step(order: int) -> Callable[[Step], Step]:
    def register(step: Step) -> Step:
        name = f"{step.__module__}.{step.__qualname__}"
        if all(existing != name for _, existing, _ in _STEPS):
            _STEPS.append((order, name, step))
        return step

    return register


def steps() -> list[tuple[str, Step]]:
    return [(name, step) for _, name, step in sorted(_STEPS, key=lambda item: (item[0], item[1]))]
