"""The JSON Schema of a draft's `charter.json`, for people who script around drafts."""

from __future__ import annotations

from typing import Any

from charter_builder.charter.model import Charter


def document_schema() -> dict[str, Any]:
    from charter_builder.drafts.draft_file import FORMAT_VERSION

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Charter Builder draft (charter.json)",
        "type": "object",
        "required": ["format_version", "charter"],
        "additionalProperties": False,
        "properties": {
            "format_version": {"type": "integer", "const": FORMAT_VERSION},
            "charter": {"$ref": "#/$defs/Charter"},
        },
        "$defs": _ids_required(
            Charter.model_json_schema(ref_template="#/$defs/{model}")["$defs"]
            | {"Charter": _charter_without_defs()}
        ),
    }


def _ids_required(definitions: dict[str, Any]) -> dict[str, Any]:
    """In a file every list item carries its id (the app makes one only for new items)."""
    for definition in definitions.values():
        if "id" in definition.get("properties", {}):
            definition["required"] = sorted({*definition.get("required", []), "id"})
    return definitions


def _charter_without_defs() -> dict[str, Any]:
    schema = Charter.model_json_schema(ref_template="#/$defs/{model}")
    schema.pop("$defs", None)
    return schema
