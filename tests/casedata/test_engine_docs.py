"""docs/indicators-casedata.md documents every indicator the engine computes."""

from __future__ import annotations

from pathlib import Path

from scrutineer.casedata.engine import INDICATORS
from scrutineer.casedata.engine.codes import FACTORS

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators-casedata.md"


def test_every_indicator_code_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [c for c in INDICATORS if not c.startswith("factor_") and f"| `{c}` |" not in text]
    assert not missing, f"document these in {DOC.name}: {missing}"


def test_every_factor_name_is_documented_with_its_codes():
    text = DOC.read_text(encoding="utf-8")
    for name, codes in FACTORS.items():
        assert f"| `{name}` | {', '.join(codes)} |" in text, name


def test_every_indicator_has_a_definition_in_its_docstring():
    assert all(len(i.definition) > 20 for i in INDICATORS.values())
