"""``drafter profile``: the delegation's usual choices, asked once and used as interview defaults."""

from __future__ import annotations

import argparse

from drafter.engine import Engine
from drafter.errors import Problem, UsageError
from drafter.inputs.catalog import Catalog
from drafter.inputs.manifest import Question
from drafter.inputs.profile import Profile, load_profile, profile_path, save_profile, set_profile_value

BASE_TEMPLATE = "_statement"
OUTPUT_DIR = Question(name="output_dir", label="Folder for new statements", help="Leave empty for the current folder.")


def profile_questions() -> list[Question]:
    """The profile's questions: the shared layout's own (so their choices stay the same), all optional."""
    questions = Engine(Catalog.default()).template(BASE_TEMPLATE).manifest.questions
    asked = [questions[name] for name in Profile.model_fields if name in questions]
    return [q.model_copy(update={"required": False, "when": None}) for q in [*asked, OUTPUT_DIR]]


def show(profile: Profile) -> None:
    """Print the profile and where it is kept."""
    print(f"Profile: {profile_path()}")
    for name, value in profile.model_dump().items():
        print(f"  {name}: {'' if value is None else value}")


def run(args: argparse.Namespace) -> int:
    """Show, set, or interactively fill in the profile."""
    profile = load_profile()
    if args.action == "show":
        show(profile)
        return 0
    if args.action == "set":
        if len(args.values) != 2:
            raise UsageError(Problem("usage: drafter profile set KEY VALUE (an empty VALUE clears it)"))
        profile = set_profile_value(profile, *args.values)
        print(f"Saved {save_profile(profile)}")
        return 0
    from drafter.console import require_terminal

    require_terminal("profile")
    from drafter.interview.session import ask_value

    data = profile.model_dump()
    for question in profile_questions():
        current = data.get(question.name)
        data[question.name] = ask_value(question, None if current is None else str(current))
    print(f"Saved {save_profile(Profile.model_validate(data))}")
    return 0
