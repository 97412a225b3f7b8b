"""``drafter schema``: the JSON Schema of a template's answers file, or of a batch file."""

from __future__ import annotations

import argparse
import json
import sys

from drafter.authoring.schema import answers_schema, batch_schema
from drafter.engine import Engine
from drafter.errors import Problem, UsageError
from drafter.inputs.catalog import Catalog


def run(args: argparse.Namespace) -> int:
    """Print the schema as JSON."""
    engine = Engine(Catalog.default(args.template_dir))
    if args.batch:
        names = [args.template] if args.template else engine.catalog.names()
        schema = batch_schema(engine, [engine.template(n) for n in names])
    elif args.template:
        schema = answers_schema(engine, engine.template(args.template))
    else:
        raise UsageError(Problem("name a template (drafter schema interactive-dialogue), or ask for --batch"))
    json.dump(schema, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
