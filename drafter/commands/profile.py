"""``drafter profile``: the delegation's usual choices, asked once and used as interview defaults."""

from __future__ import annotations

import argparse

from drafter.errors import Problem, UsageError
from drafter.manifest import Choice, Question
from drafter.profile import Profile, load_profile, profile_path, save_profile, set_profile_value

PROFILE_QUESTIONS = (
    Question(name="delegation", label="Your delegation", help="e.g. Belgium", required=False),
    Question(
        name="language",
        type="select",
        label="Usual language of your statements",
        choices=[Choice(value="en", label="English"), Choice(value="fr", label="French")],
    ),
    Question(
        name="presiding_officer",
        type="select",
        label="Who usually presides",
        choices=[
            Choice(value="president", label="President"),
            Choice(value="chair", label="Chair"),
            Choice(value="co-chairs", label="Co-Chairs"),
            Choice(value="co-facilitators", label="Co-facilitators"),
        ],
    ),
    Question(
        name="officer_gender",
        type="select",
        label="Usual form of address",
        choices=[Choice(value="male", label="Mr. (Monsieur le)"), Choice(value="female", label="Madam (Madame la)")],
    ),
    Question(
        name="output_dir", label="Folder for new statements", help="Leave empty for the current folder.", required=False
    ),
)


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
    from drafter.commands.new import require_terminal

    require_terminal("profile")
    from drafter.interview import ask_value

    data = profile.model_dump()
    for question in PROFILE_QUESTIONS:
        current = data.get(question.name)
        data[question.name] = ask_value(question, None if current is None else str(current))
    print(f"Saved {save_profile(Profile.model_validate(data))}")
    return 0
