"""The user's profile: the delegation's usual choices, kept in the platform's user-config folder, and the
interview's defaults they make with the template's own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from drafter.errors import DrafterError, InputError, Problem
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.facts import Officer
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import Origin, dump_yaml, load_mapping
from drafter.output import write_atomic
from drafter.paths import user_config

PROFILE_FILE = "profile.yaml"


class Profile(BaseModel):
    """Defaults a drafter sets once: they pre-fill every interview."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    delegation: str | None = None
    language: str | None = None
    presiding_officer: Officer | None = None
    officer_gender: Literal["male", "female"] | None = None
    output_dir: Path | None = None
    house_style: Path | None = None  # a reference.docx (or a folder of them) for every template

    def answer_defaults(self) -> dict[str, Any]:
        """The profile's values that answer template questions."""
        values = self.model_dump(exclude={"output_dir", "house_style"}, exclude_none=True)
        return {k: v for k, v in values.items() if v != ""}


def profile_path() -> Path:
    """Where the profile is stored."""
    return user_config() / PROFILE_FILE


def load_profile() -> Profile:
    """The saved profile, or an empty one."""
    path = profile_path()
    if not path.is_file():
        return Profile()
    loaded = load_mapping(path)
    try:
        return Profile.model_validate(loaded.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, Origin(loaded))) from None


def save_profile(profile: Profile) -> Path:
    """Write the profile atomically; return its path."""
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = profile.model_dump(mode="json", exclude_none=True)
    write_atomic(path, dump_yaml(data).encode(), force=True)
    return path


def set_profile_value(profile: Profile, key: str, value: str) -> Profile:
    """A copy of ``profile`` with ``key`` set (an empty value clears it)."""
    if key not in Profile.model_fields:
        known = ", ".join(Profile.model_fields)
        raise InputError(Problem(f"unknown profile setting '{key}'; known settings: {known}"))
    data = profile.model_dump()
    data[key] = value or None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(Problem(exc.errors()[0]["msg"], field=key)) from None


def interview_defaults(bundle: TemplateBundle, profile: Profile) -> dict[str, Any]:
    """Defaults for every question: the manifest's, under the example's, under the profile's."""
    defaults = {q.name: q.default for q in bundle.manifest.questions.values() if q.default is not None}
    if bundle.example is not None:
        try:
            defaults.update(read_answers_file(bundle.example, bundle.name).answers)
        except DrafterError as exc:
            print(f"drafter: warning: the template's example answers are not usable: {exc}", file=sys.stderr)
    defaults.update({k: v for k, v in profile.answer_defaults().items() if k in bundle.manifest.questions})
    return defaults
