"""Small DfE-shaped files written by the tests themselves: four Yorkshire authorities and
Barnet, England and two regions, reporting years 2024 and 2025.

Each file differs from the others the way real downloads do: one has a byte-order mark, one
puts its columns in another order, one writes ``time_period`` as ``202425``; markers (c, x, z,
u, low, :) sit where the DfE puts them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

ENGLAND = ("National", "", "", "", "", "", "England")
YORKSHIRE = ("Regional", "E12000003", "Yorkshire and The Humber", "", "", "", "")
OUTER_LONDON = ("Regional", "E13000002", "Outer London", "", "", "", "")


def la(
    code: str,
    gss: str,
    name: str,
    region: tuple[str, str] = ("E12000003", "Yorkshire and The Humber"),
):
    return ("Local authority", region[0], region[1], code, gss, name, "")


LEEDS = la("383", "E08000035", "Leeds")
BRADFORD = la("380", "E08000032", "Bradford")
CALDERDALE = la("381", "E08000033", "Calderdale")
KIRKLEES = la("382", "E08000034", "Kirklees")
BARNET = la("302", "E09000003", "Barnet", ("E13000002", "Outer London"))
AREAS = (ENGLAND, YORKSHIRE, OUTER_LONDON, LEEDS, BRADFORD, CALDERDALE, KIRKLEES, BARNET)

GEOGRAPHY = [
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "country_name",
]


def _row(area: tuple, period: str, counts: list) -> list:
    level, region_code, region_name, code, gss, name, country = area
    return [
        period,
        "Reporting year",
        level,
        "E92000001",
        country or "England",
        region_code,
        region_name,
        code,
        gss,
        name,
        *counts,
    ]


TIDY_HEAD = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]


def write(path: Path, header: list[str], rows: list[list], *, bom: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


# Referrals (c1), 2025 and 2024. Leeds 2025: 2,500 re-referrals of 10,000 referrals = 25.0%;
# Calderdale's re-referrals are suppressed; Kirklees sent nothing in 2025 (x).
C1 = {
    "2025": {
        ENGLAND: ["632830", "142900", "22.6", "41340", "6.5", "194620", "30.8"],
        YORKSHIRE: ["63590", "13800", "21.7", "3750", "5.9", "18440", "29"],
        OUTER_LONDON: ["30000", "5000", "16.7", "1500", "5", "6000", "20"],
        LEEDS: ["10000", "2500", "25", "1000", "10", "4250", "42.5"],
        BRADFORD: ["6000", "1200", "20", "300", "5", "1800", "30"],
        CALDERDALE: ["2000", "c", "c", "0", "0", "600", "30"],
        KIRKLEES: ["x", "x", "x", "x", "x", "x", "x"],
        BARNET: ["2751", "407", "14.8", "245", "8.9", "505", "18.4"],
    },
    "2024": {
        ENGLAND: ["621880", "138840", "22.3", "41000", "6.6", "190000", "30.6"],
        YORKSHIRE: ["60000", "13000", "21.7", "3600", "6", "17000", "28.3"],
        OUTER_LONDON: ["29000", "4800", "16.6", "1400", "4.8", "5900", "20.3"],
        LEEDS: ["9000", "2000", "22.2", "900", "10", "3600", "40"],
        BRADFORD: ["5800", "1100", "19", "290", "5", "1700", "29.3"],
        CALDERDALE: ["1900", "400", "21.1", "u", "u", "550", "28.9"],
        KIRKLEES: ["3000", "700", "23.3", "150", "5", "900", "30"],
        BARNET: ["2600", "400", "15.4", "240", "9.2", "500", "19.2"],
    },
}
C1_COUNTS = [
    "referral_count",
    "rereferral_count",
    "rereferral_percent",
    "no_further_action_count",
    "no_further_action_percent",
    "not_in_need_count",
    "not_in_need_percent",
]

# ONS mid-year population of children aged 0 to 17: mid-2024 is the base of 2025's rates.
POPULATION = {
    "2024": {
        ENGLAND: "12183016",
        YORKSHIRE: "1181000",
        OUTER_LONDON: "1250000",
        LEEDS: "200000",
        BRADFORD: "150000",
        CALDERDALE: "45000",
        KIRKLEES: "95000",
        BARNET: "93851",
    },
    "2023": {
        ENGLAND: "12100000",
        YORKSHIRE: "1170000",
        OUTER_LONDON: "1240000",
        LEEDS: "180000",
        BRADFORD: "148000",
        CALDERDALE: "x",
        KIRKLEES: "94000",
        BARNET: "93000",
    },
}

# Children in need at 31 March (b1). Leeds 2025: 6,000 / 200,000 x 10,000 = 300.0.
B1 = {
    "2025": {
        ENGLAND: "402400",
        YORKSHIRE: "41790",
        OUTER_LONDON: "20000",
        LEEDS: "6000",
        BRADFORD: "4500",
        CALDERDALE: "1200",
        KIRKLEES: "low",
        BARNET: "1978",
    },
}

# Statistical neighbours, the 2025 model's wide layout (with a BOM).
SN_2025 = [
    [
        "383",
        "Leeds",
        "9",
        "Yorkshire and The Humber",
        "380",
        "Very close",
        "382",
        "Close ",
        "302",
        "Close ",
    ],
    [
        "380",
        "Bradford",
        "9",
        "Yorkshire and The Humber",
        "383",
        "Very close",
        "381",
        "Close ",
        "382",
        "Close ",
    ],
]


def sn_2025_rows() -> tuple[list[str], list[list[str]]]:
    header = ["old_la_code", "la_name", "region_ind", "region_name"]
    for rank in range(1, 11):
        header += [f"SN_{rank}", f"SN_{rank}P"]
    return header, [row + [""] * (len(header) - len(row)) for row in SN_2025]


def write_folder(folder: Path) -> Path:
    """The fixture files, each in a different shape."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        _row(area, year, counts) for year, areas in C1.items() for area, counts in areas.items()
    ]
    write(
        folder / "referrals.csv",
        [*TIDY_HEAD, "category", *C1_COUNTS],
        [[*r[:10], "Referrals", *r[10:]] for r in rows],
    )
    # Population: a BOM, and the columns in another order (the area first, the year last).
    head = [
        "geographic_level",
        "old_la_code",
        "la_name",
        "new_la_code",
        "region_code",
        "region_name",
    ]
    head += ["country_code", "age_group", "population_estimate", "time_period"]
    pop_rows = []
    for year, areas in POPULATION.items():
        for (level, region_code, region_name, code, gss, name, _), people in areas.items():
            pop_rows.append(
                [
                    level,
                    code,
                    name,
                    gss,
                    region_code,
                    region_name,
                    "E92000001",
                    "Children aged 0 to 17 years",
                    people,
                    year,
                ]
            )
    write(folder / "population.csv", head, pop_rows, bom=True)
    # Children in need: time_period written as 202425.
    b1_rows = [
        _row(area, "202425", ["Children in Need", count]) for area, count in B1["2025"].items()
    ]
    write(folder / "cin.csv", [*TIDY_HEAD, "category", "At31_episodes"], b1_rows)
    header, sn_rows = sn_2025_rows()
    write(folder / "neighbours_2025.csv", header, sn_rows, bom=True)
    return folder
