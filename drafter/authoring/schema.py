"""JSON Schemas of answers files and batch files, for YAML editors that validate and complete them."""

from __future__ import annotations

import copy

from pydantic import BaseModel, JsonValue
from pydantic.json_schema import JsonSchemaMode, JsonSchemaValue, models_json_schema

from drafter.batch.files import DEFAULTS_KEY, OUTPUT_KEY, STATEMENTS_KEY
from drafter.engine import Engine
from drafter.inputs.answers import TEMPLATE_KEY
from drafter.inputs.catalog import TemplateBundle

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def answers_schema(engine: Engine, bundle: TemplateBundle) -> dict[str, JsonValue]:
    """The schema of an answers file for ``bundle``: every question, required ones required."""
    schema = engine.model(bundle).model_json_schema()
    schema["properties"] = {TEMPLATE_KEY: {"const": bundle.name, "title": "Template"}, **schema["properties"]}
    schema["required"] = [TEMPLATE_KEY, *schema.get("required", [])]
    schema["title"] = f"drafter answers: {bundle.manifest.title}"
    return {"$schema": DIALECT, **schema}


def batch_schema(engine: Engine, bundles: list[TemplateBundle]) -> dict[str, JsonValue]:
    """The schema of a batch file whose entries use ``bundles``; nothing is required in an entry,
    since its file's defaults may give it."""
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [(engine.model(b), "validation") for b in bundles]
    keys, combined = models_json_schema(models, ref_template="#/$defs/{model}")
    defs: dict[str, JsonSchemaValue] = combined.get("$defs", {})
    entries: list[JsonSchemaValue] = []
    for bundle, model in zip(bundles, models, strict=True):
        ref = keys[model]["$ref"].split("/")[-1]
        entry = copy.deepcopy(defs[ref])
        entry.pop("required", None)
        entry["properties"] = {
            TEMPLATE_KEY: {"const": bundle.name, "title": "Template"},
            OUTPUT_KEY: {"type": "string", "title": "Output file, relative to the output folder"},
            **entry["properties"],
        }
        entry["title"] = f"{bundle.manifest.title} ({bundle.name})"
        entries.append(entry)
    any_entry: JsonSchemaValue = {"anyOf": entries} if len(entries) > 1 else entries[0]
    return {
        "$schema": DIALECT,
        "title": "drafter batch file",
        "type": "object",
        "properties": {
            DEFAULTS_KEY: any_entry,
            STATEMENTS_KEY: {"type": "array", "items": any_entry},
        },
        "required": [STATEMENTS_KEY],
        "additionalProperties": False,
        "$defs": {k: v for k, v in defs.items() if k not in {keys[m]["$ref"].split("/")[-1] for m in models}},
    }
