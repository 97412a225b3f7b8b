"""``drafter templates new``: create a template folder — a starter (of a kind), a child of another template,
or a template drawn from a delivered statement."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.commands.templates import template_engine
from drafter.console import command_line, given_options
from drafter.errors import Problem, UsageError
from drafter.inputs.catalog import Catalog, project_templates
from drafter.paths import user_templates


def run(args: argparse.Namespace) -> int:
    """Create the template folder and say what to do next."""
    from drafter.authoring import scaffold

    _check_options(args)
    engine = template_engine(args)
    folder = _folder(args)
    if args.from_statement is not None:
        return _from_statement(args, folder)
    if args.kind:
        created = scaffold.write_template(
            scaffold.template_folder(args.name, folder), scaffold.starter_files(args.name, args.kind)
        )
    else:
        created = scaffold.create_template(engine, args.name, folder, args.base, args.override)
    _created(created)
    _next(args, created)
    return 0


def _check_options(args: argparse.Namespace) -> None:
    chosen = [
        flag
        for flag, given in (("--from", args.base), ("--kind", args.kind), ("--from-statement", args.from_statement))
        if given
    ]
    if len(chosen) > 1:
        raise UsageError(Problem(f"{' and '.join(chosen)} are different ways to start a template: give one"))
    if args.override and not args.base:
        raise UsageError(Problem("--override needs --from BASE"))


def _folder(args: argparse.Namespace) -> Path:
    """Where the new template goes: --dir, else the project's templates/, else (in drafter's own source
    tree) the user's template folder."""
    if args.dir:
        return Path(args.dir)
    project = project_templates()
    if project is not None:
        return project
    print(
        "This folder is drafter's own source tree, whose templates/ holds the built-in templates: the new "
        f"template goes to your own template folder ({user_templates()}). Give --dir templates to add a "
        "built-in one."
    )
    return user_templates()


def _created(created: Path) -> None:
    print(f"Created {created}")
    for child in sorted(created.iterdir()):
        print(f"  {child.name}")


def _next(args: argparse.Namespace, created: Path) -> None:
    """The commands to run next, as they work from here: with --template-dir when the folder is not searched."""
    options = given_options(args, "template_dir")
    searched = [root.path for root in Catalog.default(args.template_dir).roots]
    if created.parent.resolve() not in searched:
        options += ["--template-dir", str(created.parent.resolve())]
    print("Next: edit the files, then")
    print(f"  {command_line('templates', 'check', args.name, *options)}")
    print(f"  {command_line('templates', 'preview', args.name, *options)}")


def _from_statement(args: argparse.Namespace, folder: Path) -> int:
    from drafter.authoring.from_statement import draw_template
    from drafter.authoring.scaffold import template_folder, write_template

    target = template_folder(args.name, folder)
    drawn = draw_template(template_engine(args), args.name, args.from_statement)
    created = write_template(target, drawn.files)
    _created(created)
    imported = drawn.imported
    print(f"Drawn from {args.from_statement.name}, read as {imported.template} ({imported.kind.reason}).")
    print(
        f"Its example is the statement, in {imported.reading.language}; the template renders in "
        f"{', '.join(drawn.languages)}."
    )
    print(
        f"The delegation's paragraphs are its questions: {', '.join(drawn.paragraphs) or 'none'}. Rename, remove "
        "or add questions in questions.yaml (and where template.md.j2 prints them)."
    )
    if drawn.plain:
        print(
            "Its sentences could not be kept as the phrase bank's: everything after the heading lines is the "
            "delegation's paragraphs."
        )
    if drawn.exact:
        print("The example renders the statement back word for word.")
    else:
        print(f"Warning: the example does not render the statement back exactly: {drawn.difference}")
    _next(args, created)
    return 0
