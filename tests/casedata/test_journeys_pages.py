"""The journeys page: who reaches it, the chart and table, suppression, and the access log."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from django.test import Client

from scrutineer.casedata import store
from scrutineer.casedata.demo import snapshot_write
from scrutineer.casedata.journeys_export import safe
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from tests.factories import make_user, sign_in

from .journeys_tables import D, child, tables

URL = "/case-data/journeys/"


@pytest.fixture
def snapshot(db, settings, tmp_path):
    """Nine children referred in June 2024; seven assessed (3A for four), three in a s47."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    names = [f"P{n:02d}" for n in range(9)]
    made = tables(
        children=[child(n, sex="F" if i % 2 else "M") for i, n in enumerate(names)],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in names
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": ["3A"] if i < 4 else ["4B"]}
            for i, n in enumerate(names[:7])
        ],
        s47=[
            {"child": n, "referral_id": f"R{n}", "s47_id": f"S{n}", "start_date": D(2024, 6, 7)}
            for n in names[:3]
        ],
    )  # fmt: skip
    return snapshot_write(made, la="383", source_name="hand-made")


def test_it_shows_the_chart_and_table_and_logs_the_read(alice_client, snapshot):
    response = alice_client.get(URL, {"year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="app-journeys-chart"' in body
    assert 'role="img"' in body
    assert '<title id="journeys-title">' in body
    assert 'aria-describedby="journeys-desc"' in body
    # the 9 referred are hidden too: with 7 assessed, 9 would give away the 2 who were not
    assert (
        "Referral: not shown, then assessment 7, no further step not shown. "
        "Assessment: 7 children, then section 47 enquiry not shown, no further step not "
        "shown. Section 47 enquiry: not shown, then no further step not shown."
    ) in body
    assert "77.8" not in body  # 7 of 9 assessed: it would give the 9
    assert "<caption" in body
    entry = AccessLogEntry.objects.get(action="read", object_type="casedata.snapshot")
    assert entry.object_id == str(snapshot.pk)
    assert "Journeys 2025" in entry.description


def test_a_rate_from_a_suppressed_count_is_not_shown(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    assert "33.3" not in body
    assert "42.9" not in body
    assert "Not shown" in body


def test_the_filters_narrow_the_children(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025", "factor": "domestic_abuse"}).content.decode()
    assert "Referral: not shown" in body
    assert (
        "Children referred in the year ending 31 March 2025: factor at assessment domestic abuse"
        in body
    )
    body = alice_client.get(URL, {"year": "2025", "sex": "M"}).content.decode()
    assert "Referral: not shown" in body
    assert "Children referred in the year ending 31 March 2025: sex male" in body


def test_no_referrals_in_the_year_says_so(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2023"}).content.decode()
    assert "No referrals match these filters in this year" in body
    assert "<svg" not in body


def test_bad_input_gets_an_error_summary_and_no_figures(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "twenty", "sex": "X"}).content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the reporting year as a 4-digit year" in body
    assert "Select a valid choice" in body
    assert "<svg" not in body
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_people_who_do_not_handle_case_data_are_refused(db, partnership, snapshot):
    bob = make_user("bob", Role.BUSINESS_UNIT)
    assert sign_in(Client(), bob).get(URL).status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_with_no_snapshot_it_says_so(alice_client, db):
    body = alice_client.get(URL).content.decode()
    assert "There is no case-level data yet" in body


CSV_URL = "/case-data/journeys/export.csv"


def _chart(body: str) -> str:
    return body[body.index("<svg") : body.index("</svg>")]


def test_the_chart_is_one_image_with_no_style_and_no_hidden_number(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    svg = _chart(body)
    assert svg.count('role="img"') == 1
    assert "style" not in svg
    assert "<script" not in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "No further step: not shown" in texts
    assert not [t for t in texts if re.search(r"\b[1-5]\b", t)], texts


def test_the_flows_table_says_where_the_children_of_each_step_went(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    assert "Where the children went from each step" in body
    flows = body[body.index("Where the children went") :]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", flows)
    assert cells[5:10] == ["Referral", "Assessment", "7", "Not shown", "2"]
    assert cells[10:15] == [
        "Referral", "No further step", "Not shown", "Not shown", "Not applicable"
    ]  # fmt: skip


def test_the_page_links_to_its_csv_with_its_filters(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025", "sex": "F", "age_band": ""}).content.decode()
    assert f'href="{CSV_URL}?year=2025&amp;sex=F" download' in body


def test_the_csv_has_the_steps_and_flows_suppressed_as_the_page_and_logs_an_export(
    alice_client, snapshot
):
    response = alice_client.get(CSV_URL, {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="journeys-2025-snapshot-{snapshot.pk}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["Children referred from 1 April 2024 to 31 March 2025: all children"]
    steps = rows[rows.index(["Steps"]) + 2 :]
    assert rows[3] == [
        "c: suppressed. Counts from 1 to 5 are not shown, and further cells so that none can be "
        "worked out from the totals, nor a percentage or median worked out from a hidden count."
    ]
    # the 9 referred are hidden as on the page (secondary suppression: 9 - 7 would give the 2)
    assert steps[:3] == [
        ["Referral", "c", "", "", "c"],
        ["Assessment", "7", "c", "c", "7"],
        ["Section 47 enquiry", "c", "c", "c", "c"],
    ]
    flows = rows[rows.index(["Flows"]) + 1 :]
    assert flows == [
        ["From", "To", "Children", "Of the children at the from step (%)", "Median working days"],
        ["Referral", "Assessment", "7", "c", "2"],
        ["Referral", "No further step", "c", "c", ""],  # no second date: no median to hide
        ["Assessment", "Section 47 enquiry", "c", "c", "c"],
        ["Assessment", "No further step", "c", "c", ""],
        ["Section 47 enquiry", "No further step", "c", "c", ""],
    ]
    figures = {cell for row in rows[rows.index(["Steps"]) :] for cell in row}
    assert not figures & {"1", "3", "4", "5"}  # (2 is there: a median of working days)
    entry = AccessLogEntry.objects.get(action="export", object_type="casedata.snapshot")
    assert entry.object_id == str(snapshot.pk)
    assert entry.description == "Journeys CSV 2025 (all children)"


def test_the_csv_follows_the_filters(alice_client, snapshot):
    response = alice_client.get(CSV_URL, {"year": "2025", "factor": "domestic_abuse"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0].endswith(": factor at assessment domestic abuse")
    steps = rows[rows.index(["Steps"]) + 2 :]
    assert steps[0] == ["Referral", "c", "", "", "c"]


def test_the_csv_keeps_a_source_name_from_being_run_as_a_formula(alice_client, snapshot):
    snapshot.source_name = '=HYPERLINK("http://example.com")'
    snapshot.save(update_fields=["source_name"])
    rows = list(csv.reader(io.StringIO(alice_client.get(CSV_URL).content.decode())))
    assert rows[2] == [f'From snapshot {snapshot.pk}: =HYPERLINK("http://example.com")']


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("Referral", "Referral"),
     (-1, -1), (2.5, 2.5)],
)  # fmt: skip
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(cell, written):
    assert safe(cell) == written


def test_bad_filters_for_the_csv_go_back_to_the_page_which_says_why(alice_client, snapshot):
    response = alice_client.get(CSV_URL, {"year": "twenty"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=twenty"
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_people_who_do_not_handle_case_data_get_no_csv(db, partnership, snapshot):
    bob = make_user("bob", Role.BUSINESS_UNIT)
    assert sign_in(Client(), bob).get(CSV_URL, {"year": "2025"}).status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_with_the_files_gone_the_csv_goes_back_to_the_page_and_logs_no_export(
    alice_client, snapshot
):
    shutil.rmtree(store.folder(snapshot))
    response = alice_client.get(CSV_URL, {"year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2025"
    assert not AccessLogEntry.objects.filter(action="export").exists()
    page = alice_client.get(response["Location"]).content.decode()
    assert "The data of this import cannot be read" in page


def test_a_snapshot_with_no_contacts_says_the_journeys_start_at_the_referral(
    alice_client, snapshot
):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    assert (
        "This snapshot has no contacts (they come from Annex A list 1), so the journeys start "
        "at the referral."
    ) in body
    assert "Children contacted in the year" not in body
    assert ">Contact<" not in _chart(body)
    assert "Referrals from 1 April 2024" in body


@pytest.fixture
def contacted(db, settings, tmp_path):
    """Nine children referred on Monday 3 June 2024, seven of them after a contact on Thursday
    30 May (2 working days before), and seven assessed with domestic abuse (3A); six more
    contacted and never referred."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    names = [f"P{n:02d}" for n in range(9)]
    others = [f"C{n:02d}" for n in range(6)]
    made = tables(
        children=[child(n) for n in names + others],
        contacts=[
            {"child": n, "contact_date": D(2024, 5, 30), "source": "1A"} for n in names[:7] + others
        ],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in names
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": ["3A"]}
            for n in names[:7]
        ],
    )  # fmt: skip
    return snapshot_write(made, la="383", source_name="hand-made with contacts")


def test_the_journeys_start_at_the_contact_when_the_snapshot_has_contacts(alice_client, contacted):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    assert "Contacts and referrals from 1 April 2024 to 31 March 2025" in body
    svg = _chart(body)
    assert "Children contacted or referred in the year ending 31 March 2025" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[texts.index("Contact") + 1] == "13 children"
    assert "No contact recorded" in texts
    assert not [t for t in texts if re.search(r"\b[1-5]\b", t)], texts
    assert (
        "Contact: 13 children, then referral 7, no further step 6. No contact recorded before "
        "the referral: not shown, into referral. Referral: not shown"
    ) in svg
    table = body[body.index("Children contacted in the year ending") :]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table[: table.index("</table>")])
    assert cells[4:] == [
        "Contacted in the year", "13", "Not applicable", "Not applicable",
        "Referred after a contact", "7", "53.8", "2",
        "Referred after a contact, outside this journey", "0", "0.0", "Not applicable",
        "Not referred after a contact", "6", "46.2", "Not applicable",
        "Referred with no contact recorded before the referral", "Not shown",
        "Not applicable", "Not applicable",
    ]  # fmt: skip
    assert "This snapshot has no contacts" not in body


def test_with_a_factor_the_page_says_why_the_contact_is_left_out(alice_client, contacted):
    body = alice_client.get(URL, {"year": "2025", "factor": "domestic_abuse"}).content.decode()
    assert (
        "With a factor at assessment chosen, the journeys start at the referral: a factor is "
        "recorded at an assessment, which a child who was contacted but never referred cannot "
        "have."
    ) in body
    assert "Children contacted in the year ending" not in body
    assert ">Contact<" not in _chart(body)
    assert "Children referred in the year ending 31 March 2025: where they went" in body
    other = alice_client.get(URL, {"year": "2025", "sex": "F"}).content.decode()
    assert "Children contacted in the year ending" in other  # a filter that is not a factor
    assert "With a factor at assessment chosen" not in other


def test_the_csv_has_the_contacts_suppressed_as_the_page(alice_client, contacted):
    rows = list(
        csv.reader(io.StringIO(alice_client.get(CSV_URL, {"year": "2025"}).content.decode()))
    )
    assert rows[1] == [
        "Children contacted or referred from 1 April 2024 to 31 March 2025: all children"
    ]
    contacts = rows[rows.index(["Contacts"]) + 1 : rows.index(["Steps"]) - 1]
    assert contacts == [
        ["Group", "Children", "Of the children contacted (%)",
         "Median working days from the latest contact to the referral"],
        ["Contacted in the year", "13", "", ""],
        ["Referred after a contact", "7", "53.8", "2"],
        ["Referred after a contact, outside this journey", "0", "0.0", ""],
        ["Not referred after a contact", "6", "46.2", ""],
        ["Referred with no contact recorded before the referral", "c", "", ""],
    ]  # fmt: skip
    flows = rows[rows.index(["Flows"]) + 2 :]
    assert flows[:3] == [
        ["Contact", "Referral", "7", "53.8", "2"],
        ["Contact", "No further step", "6", "46.2", ""],
        ["No contact recorded before the referral", "Referral", "c", "", ""],
    ]


def test_the_csv_of_a_snapshot_with_no_contacts_says_so(alice_client, snapshot):
    rows = list(
        csv.reader(io.StringIO(alice_client.get(CSV_URL, {"year": "2025"}).content.decode()))
    )
    assert [
        "This snapshot has no contacts (they come from Annex A list 1), so the journeys start at "
        "the referral."
    ] in rows[:6]
    assert ["Contacts"] not in rows


@pytest.fixture
def reviewed(db, settings, tmp_path):
    """The reviewer's two examples. 53 children contacted on 30 May 2024: 3 referred after it,
    50 never referred; 200 children referred on 3 June 2024 (197 with no contact before): 150
    assessed, 2 straight into a section 47 enquiry (skipping the assessment), 48 no further."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    referred = [f"R{n:03d}" for n in range(200)]
    never = [f"N{n:03d}" for n in range(50)]
    made = tables(
        children=[child(n) for n in referred + never],
        contacts=[
            {"child": n, "contact_date": D(2024, 5, 30), "source": "1A"} for n in referred[:3] + never
        ],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in referred
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": []}
            for n in referred[:150]
        ],
        s47=[
            {"child": n, "referral_id": f"R{n}", "s47_id": f"S{n}", "start_date": D(2024, 6, 7)}
            for n in referred[150:152]
        ],
    )  # fmt: skip
    return snapshot_write(made, la="383", source_name="the reviewer's examples")


def _table(body: str, caption: str) -> list[list[str]]:
    table = body[body.index(caption) :]
    table = table[: table.index("</table>")]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_the_reviewers_examples_can_no_longer_be_worked_out_on_the_page_or_in_the_csv(
    alice_client, reviewed
):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    contacts = {r[0]: r[1] for r in _table(body, "Children contacted in the year")[1:]}
    assert contacts["Referred after a contact"] == "Not shown"  # the 3
    # 53 contacted and 50 not referred would give the 3 by subtraction: one of them goes too
    assert "Not shown" in (
        contacts["Contacted in the year"],
        contacts["Not referred after a contact"],
    )
    flows = {(r[0], r[1]): r[2] for r in _table(body, "Where the children went")[1:]}
    assert flows[("Referral", "Section 47 enquiry (skipping a step)")] == "Not shown"  # the 2
    # 200 referred, 150 assessed and 48 no further would give the 2: one of them goes too
    steps = {r[0]: r[1] for r in _table(body, "Children referred in the year")[1:]}
    out_of_referral = [
        steps["Referral"],
        flows[("Referral", "Assessment")],
        flows[("Referral", "No further step")],
    ]
    assert "Not shown" in out_of_referral
    assert "50" not in _chart(body).split("No further step: ")[1][:3]

    rows = list(
        csv.reader(io.StringIO(alice_client.get(CSV_URL, {"year": "2025"}).content.decode()))
    )
    csv_contacts = {
        r[0]: r[1] for r in rows[rows.index(["Contacts"]) + 2 : rows.index(["Steps"]) - 1]
    }
    assert csv_contacts == {k: "c" if v == "Not shown" else v for k, v in contacts.items()}
    csv_flows = {(r[0], r[1]): r[2] for r in rows[rows.index(["Flows"]) + 2 :]}
    assert csv_flows[("Referral", "Section 47 enquiry")] == "c"
    assert "c" in [rows[rows.index(["Steps"]) + 2][1], csv_flows[("Referral", "Assessment")],
                   csv_flows[("Referral", "No further step")]]  # fmt: skip


def test_only_a_get_reads_or_exports_and_only_a_get_is_logged(alice_client, snapshot):
    assert alice_client.head(URL, {"year": "2025"}).status_code == 200  # a link checker's
    assert alice_client.head(CSV_URL, {"year": "2025"}).status_code == 405
    for url in (URL, CSV_URL):
        assert alice_client.post(url, {"year": "2025"}).status_code == 405
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()
    alice_client.get(CSV_URL, {"year": "2025"})
    assert AccessLogEntry.objects.filter(action="export").count() == 1
