"""The reporting API's documentation, read from its own OpenAPI schema and drawn as a page of the
site (our template, our styles): every address, its parameters and the fields it answers with.

Swagger UI was the page before; its own markup (links inside buttons, small targets, a second
main landmark, low-contrast labels) failed the accessibility checks every other page passes, and
a page of plain HTML needs no scripts of its own. The schema itself stays at /api/schema/ for
tools that read OpenAPI."""

from dataclasses import dataclass
from typing import Any

from drf_spectacular.generators import SchemaGenerator


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    anchor: str
    summary: str
    parameters: list[Field]
    fields: list[Field]
    paginated: bool


@dataclass(frozen=True)
class Reference:
    title: str
    description: str
    endpoints: list[Endpoint]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"] if v not in ("", None))
    if node.get("type") == "array":
        return f"list of {_kind(schema, node.get('items', {}))}"
    kind = node.get("format") or node.get("type") or "object"
    return f"{kind}, may be null" if node.get("nullable") else kind


def _description(node: dict[str, Any]) -> str:
    return " ".join(part for part in (node.get("title", ""), node.get("description", "")) if part)


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> tuple[list[Field], bool]:
    """The fields of one answer; for a paginated list, those of each of its results."""
    node = _resolve(schema, node)
    paginated = "results" in node.get("properties", {})
    if paginated:
        node = _resolve(schema, node["properties"]["results"]["items"])
    required = set(node.get("required", []))
    return [
        Field(name, _kind(schema, prop), _description(prop), name in required)
        for name, prop in node.get("properties", {}).items()
    ], paginated


def api_reference() -> Reference:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
            fields, paginated = _fields(schema, answer)
            endpoints.append(
                Endpoint(
                    path=path,
                    method=method.upper(),
                    anchor=operation["operationId"].replace("_", "-"),
                    summary=operation.get("summary") or operation.get("description", ""),
                    parameters=[
                        Field(
                            p["name"],
                            f"{p['in']}, {_kind(schema, p.get('schema', {}))}",
                            p.get("description", ""),
                            p.get("required", False),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    fields=fields,
                    paginated=paginated,
                )
            )
    info = schema["info"]
    return Reference(str(info["title"]), str(info.get("description", "")), endpoints)
