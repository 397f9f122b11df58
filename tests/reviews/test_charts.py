"""Charts of themes across reviews: the Vega-Lite spec's data, SVG fit for the page's Content
Security Policy, an accessible name, and the chart beside its table on the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from scrutineer.partnership.models import Role
from scrutineer.reviews.charts import (
    UnsafeSvg,
    chart_values,
    count_chart_spec,
    count_chart_svg,
    safe_svg,
)
from scrutineer.reviews.themes import CountRow, CountTable
from tests.factories import make_user, sign_in

from .test_themes import reviews  # noqa: F401 (the fixture)


def table(**overrides) -> CountTable:
    values = {
        "caption": "Reviews by practice theme and year",
        "row_heading": "Practice theme",
        "columns": ["2024-25", "2023-24"],
        "rows": [CountRow("Neglect", [2, 1]), CountRow('Fathers and "hidden men" <b>', [0, 1])],
        "column_totals": [2, 2],
    }
    values.update(overrides)
    return CountTable(**values)


def test_the_data_is_one_dict_per_non_zero_cell():
    assert chart_values(table()) == [
        {"row": "Neglect", "column": "2024-25", "order": 0, "reviews": 2},
        {"row": "Neglect", "column": "2023-24", "order": 1, "reviews": 1},
        {"row": 'Fathers and "hidden men" <b>', "column": "2023-24", "order": 1, "reviews": 1},
    ]


def test_the_spec_keeps_the_tables_order_and_colours_by_column():
    spec = count_chart_spec(table())
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["sort"] == ["Neglect", 'Fathers and "hidden men" <b>']
    assert spec["encoding"]["color"]["scale"]["domain"] == ["2024-25", "2023-24"]
    assert spec["encoding"]["color"]["title"] == "Year"


def test_the_svg_is_one_labelled_image_with_no_inline_style_or_script():
    svg = str(count_chart_svg(table()))
    root = svg[: svg.index(">") + 1]
    assert 'role="img"' in root
    assert 'aria-label="Bar chart: Reviews by practice theme and year.' in root
    assert 'width="100%"' in root
    assert "height=" not in root
    assert svg.count('role="') == 1  # vl-convert's own roles inside are removed
    assert not re.search(r"\sstyle=|<style|<script|\son\w+=", svg)
    assert "&lt;b&gt;" in svg  # the theme's name is escaped, not markup
    assert "Neglect" in svg


def test_an_empty_table_has_no_chart():
    assert count_chart_svg(table(rows=[CountRow("Neglect", [0, 0])])) is None


@pytest.mark.parametrize(
    "svg",
    [
        '<svg><rect style="fill:red"/></svg>',
        "<svg><script>alert(1)</script></svg>",
        '<svg><rect onclick="x()"/></svg>',
        "<svg><style>rect{}</style></svg>",
    ],
)
def test_it_refuses_svg_the_content_security_policy_would_block(svg):
    with pytest.raises(UnsafeSvg):
        safe_svg(svg, label="A chart")


def test_the_themes_page_shows_each_chart_beside_its_table(reviews, partnership, client):  # noqa: F811
    sign_in(client, make_user("eve", Role.EXECUTIVE))
    body = client.get(reverse("reviews:themes_across")).content.decode()
    assert body.count('role="img"') == 3
    assert "Bar chart: Reviews by partnership priority and year" in body
    chart = body.index("Bar chart: Reviews by practice theme and year")
    assert chart < body.index("<caption", chart)  # the chart, then its table
