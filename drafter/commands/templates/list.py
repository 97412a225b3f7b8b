"""``drafter templates list``: a table of every template, where it comes from and what it shadows."""

from __future__ import annotations

import argparse

from drafter.commands.templates import template_engine
from drafter.console import make_console
from drafter.errors import DrafterError


def run(args: argparse.Namespace) -> int:
    """Print the table of templates."""
    from rich.table import Table

    engine = template_engine(args)
    table = Table(title="drafter templates")
    for column in ("name", "title", "languages", "from"):
        table.add_column(column, overflow="fold")
    for name in engine.catalog.names():
        try:
            bundle = engine.template(name)
        except DrafterError as exc:
            table.add_row(name, f"[red]cannot be read: {exc.problems[0].message}[/]", "", "")
            continue
        origin = f"{bundle.origin}: {bundle.folder}"
        if bundle.shadows:
            origin += "\n[yellow]shadows " + ", ".join(str(p) for p in bundle.shadows) + "[/]"
        table.add_row(name, bundle.manifest.title, ", ".join(bundle.manifest.languages), origin)
    make_console().print(table)
    return 0
