"""``drafter templates new``: create a template folder, a starter or a child of another template."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.commands.templates import template_engine


def run(args: argparse.Namespace) -> int:
    """Create the template folder and say what to do next."""
    from drafter.authoring.scaffold import create_template

    engine = template_engine(args)
    folder = Path(args.dir) if args.dir else Path.cwd() / "templates"
    created = create_template(engine, args.name, folder, args.base, args.override)
    print(f"Created {created}")
    for child in sorted(created.iterdir()):
        print(f"  {child.name}")
    print(
        f"Next: edit the files, then 'drafter templates check {args.name}' and 'drafter templates preview {args.name}'"
    )
    return 0
