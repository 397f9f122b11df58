"""The API's docs: the OpenAPI schema, and the GOV.UK page made from it that needs no script."""

from __future__ import annotations

import re

from django.test import Client

from scrutineer.trends.api_docs import describe, type_of

OPERATIONS = [
    ("GET", "/api/indicators"),
    ("GET", "/api/returns/{quarter}"),
    ("POST", "/api/returns/{quarter}"),
    ("GET", "/api/returns/{quarter}/versions/{n}"),
]


def test_the_openapi_schema_is_served_with_the_api_s_title_and_version(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Scrutineer returns API"
    assert schema["info"]["version"] == "1"
    found = [(m.upper(), p) for p, item in schema["paths"].items() for m in item]
    assert sorted(found) == sorted(OPERATIONS)
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_the_docs_page_describes_every_operation_with_a_curl_example(partnership):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    for method, path in OPERATIONS:
        assert f"{method}</strong> {path}" in page
    assert page.count("curl -X") == len(OPERATIONS)
    assert "curl -X POST http://testserver/api/returns/2024-25-Q1" in page
    assert "--data @return.json" in page
    assert 'id="schema-SubmissionIn"' in page
    assert 'href="#schema-FigureIn"' in page  # a type links to its schema
    assert "figures[3].value" in page


def test_the_docs_page_needs_no_inline_script_and_no_other_site(partnership):
    response = Client().get("/api/docs")
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts
    assert all('src="/static/' in tag for tag in scripts)
    assert "cdn" not in page.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_types_read_as_words():
    assert type_of({"type": "string"}) == ("text", "")
    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/FigureIn"}}) == (
        "list of FigureIn",
        "FigureIn",
    )
    number = {
        "anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}, {"type": "null"}]
    }
    assert type_of(number) == ("number or text or null", "")
    assert type_of({"type": "string", "format": "date"}) == ("text (date)", "")


THING = {"$ref": "#/components/schemas/Thing"}


def test_describe_reads_parameters_bodies_and_responses():
    schema = {
        "info": {"title": "T", "version": "9"},
        "paths": {
            "/api/things/{n}": {
                "post": {
                    "summary": "Make a thing",
                    "parameters": [
                        {"in": "path", "name": "n", "required": True,
                         "schema": {"type": "integer", "minimum": 1}, "description": "Which"}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": THING}}},
                    "responses": {"201": {"description": "Created"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {"properties": {"name": {"type": "string", "maxLength": 5}}, "required": ["name"]}
            }
        },
    }  # fmt: skip
    docs = describe(schema, base_url="https://example.org/api")
    (op,) = docs["operations"]
    assert (op.method, op.path, op.summary, op.body_ref) == (
        "POST",
        "/api/things/{n}",
        "Make a thing",
        "Thing",
    )
    assert op.parameters[0].description == "Which (at least 1)"
    assert op.curl.startswith("curl -X POST https://example.org/api/things/1 ")
    assert docs["schemas"][0].fields[0].description == "(at most 5 characters)"
    assert docs["schemas"][0].fields[0].required is True
