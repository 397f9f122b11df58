"""The returns API's human docs, read from its own OpenAPI schema so that they cannot drift.

``describe`` turns the schema into what the GOV.UK page shows: for each operation its method,
path, summary, parameters, request body, responses and a curl example; then each schema's
fields. Swagger UI would do this in the browser, but it needs inline script and a CDN, which the
site's Content Security Policy forbids, and it is hard to use with a keyboard and a screen
reader; a server-rendered page needs no JavaScript at all.

Pure Python: a dict in, dataclasses out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: What the docs' examples send: a police return for April to June 2024.
EXAMPLE_SUBMISSION: dict[str, Any] = {
    "figures": [
        {"indicator": "police_da_incidents", "period": "2024-04", "value": 412},
        {"indicator": "police_da_incidents", "period": "2024-05", "value": 398},
        {
            "indicator": "police_da_incidents",
            "period": "2024-06",
            "value": None,
            "reason_missing": "system outage: figure to follow",
        },
        {
            "indicator": "police_da_child_present_pct",
            "period": "2024-04",
            "value": None,
            "numerator": 130,
            "denominator": 412,
        },
    ],
    "note": "June's incidents will follow when the crime system is back.",
}
EXAMPLE_PATH_VALUES = {"quarter": "2024-25-Q1", "n": "1"}
METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    ref: str  # the schema the type names, to link to; empty when none
    required: bool
    description: str


@dataclass(frozen=True)
class ResponseDoc:
    status: str
    description: str
    type: str
    ref: str


@dataclass(frozen=True)
class OperationDoc:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[FieldDoc]
    body_type: str
    body_ref: str
    responses: list[ResponseDoc]
    curl: str


@dataclass(frozen=True)
class SchemaDoc:
    name: str
    description: str
    fields: list[FieldDoc] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> tuple[str, str]:
    """How a JSON schema reads as a type, and the named schema it refers to (if any)."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    if "anyOf" in schema or "oneOf" in schema:
        texts, refs = [], []
        for option in schema.get("anyOf") or schema.get("oneOf") or []:
            text, ref = type_of(option)
            texts.append(text)
            refs.append(ref)
        # "integer or number" says nothing "number" does not.
        if "integer" in texts and "number" in texts:
            texts.remove("integer")
        return " or ".join(dict.fromkeys(texts)), next((r for r in refs if r), "")
    kind = schema.get("type", "any")
    if kind == "array":
        text, ref = type_of(schema.get("items", {}))
        return f"list of {text}", ref
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        return f"text ({schema['format']})", ""
    names = {"string": "text", "null": "null", "boolean": "true or false"}
    return names.get(kind, str(kind)), ""


def _constraints(schema: dict[str, Any]) -> str:
    notes = []
    if "maxLength" in schema:
        notes.append(f"at most {schema['maxLength']} characters")
    if "minimum" in schema:
        notes.append(f"at least {schema['minimum']}")
    if "default" in schema and schema["default"] not in (None, ""):
        notes.append(f"default {schema['default']}")
    return f" ({'; '.join(notes)})" if notes else ""


def _fields(schema: dict[str, Any]) -> list[FieldDoc]:
    required = set(schema.get("required", []))
    docs = []
    for name, prop in schema.get("properties", {}).items():
        text, ref = type_of(prop)
        docs.append(
            FieldDoc(
                name=name,
                type=text,
                ref=ref,
                required=name in required,
                description=(prop.get("description", "") + _constraints(prop)).strip(),
            )
        )
    return docs


def _curl(method: str, path: str, base_url: str, has_body: bool) -> str:
    url = path
    for name, value in EXAMPLE_PATH_VALUES.items():
        url = url.replace("{" + name + "}", value)
    host = base_url.split("/api")[0] if "/api" in base_url else base_url
    lines = [f"curl -X {method.upper()} {host}{url} \\", '  -H "Authorization: Bearer $TOKEN"']
    if has_body:
        lines[-1] += " \\"
        lines.append('  -H "Content-Type: application/json" \\')
        lines.append("  --data @return.json")
    return "\n".join(lines)


def _anchor(method: str, path: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in path).strip("-")
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return f"{method}-{cleaned}"


def _content_schema(node: dict[str, Any]) -> dict[str, Any]:
    return node.get("content", {}).get("application/json", {}).get("schema", {})


def describe(openapi: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    """What the docs page shows: the API's title and description, operations and schemas."""
    operations = []
    for path, item in openapi.get("paths", {}).items():
        for method in METHOD_ORDER:
            op = item.get(method)
            if op is None:
                continue
            parameters = []
            for p in op.get("parameters", []):
                text, ref = type_of(p.get("schema", {}))
                parameters.append(
                    FieldDoc(
                        name=p["name"],
                        type=f"{text}, in the {p.get('in', 'path')}",
                        ref=ref,
                        required=bool(p.get("required")),
                        description=(
                            p.get("description", "") + _constraints(p.get("schema", {}))
                        ).strip(),
                    )
                )
            body = _content_schema(op.get("requestBody", {}))
            body_type, body_ref = type_of(body) if body else ("", "")
            responses = []
            for status, response in sorted(op.get("responses", {}).items()):
                text, ref = type_of(_content_schema(response))
                responses.append(ResponseDoc(status, response.get("description", ""), text, ref))
            operations.append(
                OperationDoc(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    anchor=_anchor(method, path),
                    parameters=parameters,
                    body_type=body_type,
                    body_ref=body_ref,
                    responses=responses,
                    curl=_curl(method, path, base_url, bool(body)),
                )
            )
    schemas = [
        SchemaDoc(name=name, description=schema.get("description", ""), fields=_fields(schema))
        for name, schema in openapi.get("components", {}).get("schemas", {}).items()
    ]
    info = openapi.get("info", {})
    return {
        "title": info.get("title", "API"),
        "version": info.get("version", ""),
        "description": info.get("description", ""),
        "base_url": base_url,
        "operations": operations,
        "schemas": schemas,
        "example_body": json.dumps(EXAMPLE_SUBMISSION, indent=2),
    }
