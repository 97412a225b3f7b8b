"""The user's profile: the delegation's usual choices and conventions, kept in the platform's user-config
folder; the interview prefills its answers from them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.errors import InputError, Problem
from drafter.inputs.conventions import CONVENTIONS, Conventions, read_conventions
from drafter.inputs.facts import Officer
from drafter.inputs.question_types import AnswerValue
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import Origin, dump_yaml, load_mapping, parse_yaml
from drafter.output import write_atomic
from drafter.paths import user_config

PROFILE_FILE = "profile.yaml"
LIST_SETTINGS = frozenset({"groups", "sections"})
SettingValue = str | bool | list[str] | dict[str, str] | None


class Profile(BaseModel):
    """Defaults a drafter sets once: they pre-fill every interview."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    delegation: str | None = None
    language: str | None = None
    presiding_officer: Officer | None = None
    officer_gender: Literal["male", "female"] | None = None
    output_dir: Path | None = None
    conventions: Conventions = Field(default_factory=Conventions)
    house_style: Path | None = None  # a reference.docx (or a folder of them) for every template

    def answer_defaults(self) -> dict[str, AnswerValue]:
        """The profile's values that answer template questions (the conventions' voice and marker too)."""
        values = self.model_dump(exclude={"output_dir", "house_style", CONVENTIONS}, exclude_none=True)
        mine: dict[str, AnswerValue] = {k: v for k, v in values.items() if v != ""}
        mine.update(self.conventions.answer_defaults())
        return mine

    def conventions_answer(self) -> dict[str, AnswerValue] | None:
        """The conventions as an answers file writes them, or None when none is set."""
        written = self.conventions.model_dump(mode="json", exclude_defaults=True)
        return written or None


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
    data = profile.model_dump(mode="json", exclude_defaults=True)
    write_atomic(path, dump_yaml(data).encode(), force=True)
    return path


def set_profile_value(profile: Profile, key: str, value: str) -> Profile:
    """A copy of ``profile`` with ``key`` set (an empty value clears it).

    ``conventions.<name>`` sets one convention (``conventions.groups eu,benelux``;
    ``conventions.sentences.opening {use: thank-you}``, ``false`` or own words); ``conventions FILE``
    takes them all from a conventions file.
    """
    head, _, rest = key.partition(".")
    nested_known = head == CONVENTIONS and rest.split(".")[0] in Conventions.model_fields
    if head not in Profile.model_fields or (rest and not nested_known):
        known = ", ".join([*Profile.model_fields, *(f"conventions.{n}" for n in Conventions.model_fields)])
        raise InputError(Problem(f"unknown profile setting '{key}'; known settings: {known}"))
    data = profile.model_dump()
    if head == CONVENTIONS:
        data[CONVENTIONS] = _conventions_set(data[CONVENTIONS], rest, value)
    else:
        data[key] = value or None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or key
        raise InputError(Problem(error["msg"], field=where)) from None


def _conventions_set(current: dict[str, object], name: str, value: str) -> dict[str, object]:
    if not name:
        return read_conventions(Path(value).expanduser()) if value else {}
    *parents, last = name.split(".")
    updated = dict(current)
    node = updated
    for part in parents:
        child = node.get(part)
        fresh: dict[str, object] = dict(child) if isinstance(child, Mapping) else {}
        node[part] = fresh
        node = fresh
    parsed = _setting(last if not parents else parents[0], value)
    if parsed is None:
        node.pop(last, None)
    else:
        node[last] = parsed
    return updated


def _setting(name: str, value: str) -> SettingValue:
    """A convention as typed on the command line: a list, a sentence choice, or a word."""
    text = value.strip()
    if not text:
        return None
    if name in LIST_SETTINGS or (name == "address_style" and "," in text):
        return [part.strip() for part in text.split(",") if part.strip()]
    if name in ("sentences", "forums", "kinds"):
        if text == "false":
            return False
        if text.startswith("{"):
            parsed = parse_yaml(text, Path("VALUE")).data
            if isinstance(parsed, dict):
                return {str(k): str(v) for k, v in parsed.items()}
    return text
