"""``drafter templates check``: report the mistakes of the named templates (all by default); exit 1 on any error."""

from __future__ import annotations

import argparse

from drafter.commands.templates import resolve_template, template_engine
from drafter.errors import DrafterError


def run(args: argparse.Namespace) -> int:
    """Check each template, by name or folder path, and print its errors and warnings."""
    from drafter.authoring.checks import CheckReport, check_template

    engine = template_engine(args)
    targets = args.targets or engine.catalog.names()
    errors = 0
    for target in targets:
        try:
            scoped, bundle = resolve_template(engine, target)
            report = check_template(scoped, bundle)
        except DrafterError as exc:
            report = CheckReport(target, errors=list(exc.problems))
        errors += len(report.errors)
        counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        print(f"{report.template}: {'ok' if not report.errors and not report.warnings else counts}")
        for problem in report.errors:
            print(f"  error: {problem}")
        for problem in report.warnings:
            print(f"  warning: {problem}")
    return 1 if errors else 0
