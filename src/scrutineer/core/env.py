"""Typed settings from the environment.

Every setting Scrutineer reads from the environment goes through one of these helpers, so a
misspelled or invalid value stops start-up with a message naming the variable, instead of
running with a silent default. The ``Env`` object also remembers every variable it was asked
for, so the documentation test can check that each one is written down in docs/operations.md.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ImproperSetting(Exception):
    """A setting from the environment has a value Scrutineer cannot run with."""


@dataclass
class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    source: Mapping[builtins.str, builtins.str] = field(default_factory=lambda: os.environ)
    asked: set[builtins.str] = field(default_factory=set)

    def _raw(self, name: builtins.str) -> builtins.str | None:
        self.asked.add(name)
        value = self.source.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str | None:
        value = self._raw(name)
        return default if value is None else value

    def required(self, name: builtins.str, why: builtins.str) -> builtins.str:
        value = self._raw(name)
        if value is None:
            raise ImproperSetting(f"{name} must be set: {why}")
        return value

    def bool(self, name: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ImproperSetting(
            f"{name} must be one of true/false (or 1/0, yes/no, on/off), not {value!r}"
        )

    def int(
        self,
        name: builtins.str,
        default: builtins.int,
        *,
        minimum: builtins.int | None = None,
        maximum: builtins.int | None = None,
    ) -> builtins.int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperSetting(f"{name} must be a whole number, not {value!r}") from None
        if minimum is not None and number < minimum:
            raise ImproperSetting(f"{name} must be at least {minimum}, not {number}")
        if maximum is not None and number > maximum:
            raise ImproperSetting(f"{name} must be at most {maximum}, not {number}")
        return number

    def choice(
        self, name: builtins.str, default: builtins.str, choices: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperSetting(f"{name} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str]
    ) -> builtins.list[builtins.str]:
        value = self._raw(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]
