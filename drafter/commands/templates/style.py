"""``drafter templates style``: write a template's house-style Word document (or drafter's default) to restyle."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.commands.templates import template_engine
from drafter.errors import OutputError, Problem


def _default_reference() -> bytes:
    import io

    from drafter.word.writer import build_reference_document

    buffer = io.BytesIO()
    build_reference_document().save(buffer)
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    """Write the template's house-style document (or drafter's default) for restyling in Word."""
    from drafter.output import write_atomic

    engine = template_engine(args)
    bundle = engine.template(args.name)
    if args.output:
        target = Path(args.output)
    elif bundle.origin == "built-in":
        target = Path.cwd() / "reference.docx"
    else:
        target = bundle.folder / "reference.docx"
    if bundle.reference_docx is not None:
        data = bundle.reference_docx.read_bytes()
        what = f"the house style of '{bundle.name}' ({bundle.reference_docx})"
    else:
        data, what = _default_reference(), "drafter's default house style"
    if bundle.reference_docx is not None and target.resolve() == bundle.reference_docx.resolve():
        if not args.force:
            raise OutputError(
                Problem("is already the template's house style: open it in Word (--force resets it)", path=target)
            )
        data, what = _default_reference(), "drafter's default house style"
    write_atomic(target, data, args.force)
    print(f"Wrote {what} to {target}")
    print(
        "Open it in Word, change the styles (Normal, Title, Subtitle, Statement Marker, List Number, List Bullet, …),"
    )
    print("fonts, margins, header and footer, and save it as reference.docx in the template's folder.")
    return 0
