"""``drafter templates``: one module per action (list, show, new, check, preview, style) and what they share."""

from __future__ import annotations

import argparse

from drafter.engine import Engine
from drafter.inputs.catalog import Catalog, TemplateBundle


def template_engine(args: argparse.Namespace) -> Engine:
    """An engine over the standard template folders, ``--template-dir`` first."""
    return Engine(Catalog.default(args.template_dir))


def resolve_template(engine: Engine, target: str) -> tuple[Engine, TemplateBundle]:
    """The template ``target`` names or points to (a folder path), and the engine that renders it."""
    catalog, name = engine.catalog.resolve(target)
    if catalog is not engine.catalog:
        engine = Engine(catalog)
    return engine, engine.template(name)
