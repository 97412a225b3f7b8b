"""``drafter profile``: the delegation's usual choices and conventions, asked once and used by every interview."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from drafter.engine import Engine
from drafter.errors import Problem, UsageError
from drafter.inputs.catalog import Catalog
from drafter.inputs.conventions import CONVENTIONS
from drafter.inputs.manifest import Question
from drafter.inputs.profile import Profile, load_profile, profile_path, save_profile, set_profile_value

BASE_TEMPLATE = "_statement"
OUTPUT_DIR = Question(name="output_dir", label="Folder for new statements", help="Leave empty for the current folder.")


def profile_questions(engine: Engine) -> list[Question]:
    """The profile's questions: the shared layout's own (so their choices stay the same), all optional."""
    questions = engine.template(BASE_TEMPLATE).manifest.questions
    asked = [questions[name] for name in Profile.model_fields if name in questions]
    return [q.model_copy(update={"required": False, "when": None}) for q in [*asked, OUTPUT_DIR]]


def _lines(data: Mapping[str, object], indent: str) -> list[str]:
    lines = []
    for name, value in data.items():
        if isinstance(value, Mapping) and value:
            lines += [f"{indent}{name}:", *_lines(value, indent + "  ")]
        elif isinstance(value, list):
            lines.append(f"{indent}{name}: {', '.join(str(v) for v in value)}")
        else:
            lines.append(f"{indent}{name}: {'' if value is None or value == {} else value}")
    return lines


def show(profile: Profile) -> None:
    """Print the profile and where it is kept."""
    print(f"Profile: {profile_path()}")
    print("\n".join(_lines(profile.model_dump(mode="json", exclude_none=False), "  ")))


def run(args: argparse.Namespace) -> int:
    """Show, set, or interactively fill in the profile."""
    profile = load_profile()
    if args.action != "learn" and (args.output or args.save or args.force):
        raise UsageError(Problem("-o, --save and --force go with 'drafter profile learn STATEMENT...'"))
    if args.action == "show":
        show(profile)
        return 0
    if args.action == "learn":
        return learn(args, profile)
    if args.action == "set":
        if len(args.values) != 2:
            raise UsageError(Problem("usage: drafter profile set KEY VALUE (an empty VALUE clears it)"))
        profile = set_profile_value(profile, *args.values)
        print(f"Saved {save_profile(profile)}")
        return 0
    from drafter.console import require_terminal

    require_terminal("profile", "'drafter profile show' shows it and 'drafter profile set KEY VALUE' sets one value")
    from drafter.interview.conventions import ask_conventions
    from drafter.interview.prompts import ask_value

    engine = Engine(Catalog.default())
    data = profile.model_dump()
    for question in profile_questions(engine):
        current = data.get(question.name)
        data[question.name] = ask_value(question, None if current is None else str(current))
    asked = Profile.model_validate({**data, CONVENTIONS: profile.conventions})
    data[CONVENTIONS] = ask_conventions(engine, asked)
    print(f"Saved {save_profile(Profile.model_validate(data))}")
    return 0


def learn(args: argparse.Namespace, profile: Profile) -> int:
    """The conventions the statements named share: printed, written to a file, or saved in the profile."""
    from drafter.importing.importer import import_statement
    from drafter.importing.learn import learn as learn_conventions
    from drafter.inputs.conventions import Conventions
    from drafter.inputs.yamlio import dump_yaml
    from drafter.output import check_writable, write_atomic

    if not args.values:
        raise UsageError(Problem("usage: drafter profile learn STATEMENT... (Word documents, texts, Markdown files)"))
    target = Path(args.output) if args.output else None
    if target is not None:
        check_writable(target, args.force)
    engine = Engine(Catalog.default())
    paths = [Path(value) for value in args.values]
    learnt = learn_conventions({str(path): import_statement(engine, path) for path in paths})
    conventions = Conventions.model_validate(learnt.conventions)
    written = conventions.model_dump(mode="json", exclude_defaults=True)
    evidence = [f"# {line}" for line in learnt.evidence] or ["# no choice shared by these statements"]
    counted = f"{len(paths)} statement{'s' if len(paths) > 1 else ''}"
    text = "\n".join([f"# Learnt by drafter from {counted}:", *evidence, ""])
    text += dump_yaml(written) if written else "{}\n"
    if target is not None:
        write_atomic(target, text.encode("utf-8"), args.force)
        print(f"Wrote {target}: answers files use it with 'conventions: {target}'")
    if args.save:
        print(f"Saved {save_profile(profile.model_copy(update={CONVENTIONS: conventions}))}")
    if target is None and not args.save:
        print(text, end="")
    return 0
