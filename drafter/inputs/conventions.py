"""A delegation's conventions: the standing choices every statement of that delegation follows.

Protocol differs less from statement to statement than from delegation to delegation: the United
Kingdom writes "Mr President" without a full stop, the United States spells "favor", a French-speaking
mission ends its text "Je vous remercie./.". A delegation sets these once (in the profile, or in a
conventions file its answers files name) instead of rewriting the same sentences in every statement:

```yaml
conventions:
  spelling: en-GB                 # or en-US: favor, honor, organization in the frame's sentences
  address_style: Mr President     # or "Mr. President": how Mr, Mrs, Ms and Dr are written; in French
                                  #   "M. le Président" or "Monsieur le Président"; a list for both
  serial_comma: true              # "Denmark, Finland, and Norway" in the frame's lists of names
  typography: french              # French statements: the delegation's text set like the bank's (’, « »,
                                  #   no-break spaces before ; : ! ?), or as-typed
  end_mark: "./."                 # written right after the statement's last sentence
  marker: check-against-delivery  # the front-page marker, unless a statement names another
  voice: we                       # we, i or delegation, unless a statement names another
  groups: [eu]                    # the group statements it usually aligns with (offered in the interview)
  sentences:                      # standing choices for sentences of the frame, as in a statement's
    opening: {use: thank-you}     #   own `sentences:` (a variant, own words, or false to drop)
    closing_thanks:               # own words per language where the wording differs
      en: Thank you.
      fr: Je vous remercie.
  sections: [opening, thanks, alignment, body, closing, final]   # its usual order of sections
  forums:                         # choices in one forum only (forums.yaml: hrc-member, sc-open-debate …)
    upr-adoption:
      sentences: {closing_thanks: {use: thank-you-address}}
  kinds:                          # choices for one kind of statement (a template's name) only
    hrc-dialogue:
      sentences: {closing_thanks: {use: thank-you}}
      sections: [opening, body, final]
```

A statement's own answers always win over its delegation's conventions.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from drafter.inputs.question_types import TypeForm

CONVENTIONS = "conventions"
Spelling = Literal["en-GB", "en-US"]
AddressStyle = Literal["Mr. President", "Mr President", "Monsieur le Président", "M. le Président"]
Voice = Literal["we", "i", "delegation"]


class Use(BaseModel):
    """``{use: name}``: the phrase bank's variant ``name`` of the sentence instead of its default."""

    model_config = ConfigDict(extra="forbid")

    use: str = Field(min_length=1)


SentenceChoice = str | bool | Use
"""What a statement makes of one sentence of the frame: own words, dropped (false), kept as the template
has it (true, over a forum's usage or the delegation's conventions), or another variant."""

StandingChoice = Annotated[str | bool | Use | dict[str, str], Field(union_mode="left_to_right")]
"""A convention's choice for a sentence: as a statement's, or own words per language (``{en: …, fr: …}``);
a language it does not list keeps the sentence as the template has it."""


class KindConventions(BaseModel):
    """Conventions that hold for one kind of statement (one template), or in one forum, only."""

    model_config = ConfigDict(extra="forbid")

    sentences: dict[str, StandingChoice] = Field(default_factory=dict)
    sections: list[str] | None = None


class Conventions(BaseModel):
    """The delegation's standing choices; each one unset (None, empty) leaves drafter's default."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    spelling: Spelling | None = None
    address_style: AddressStyle | list[AddressStyle] | None = None
    serial_comma: bool | None = None
    typography: Literal["french", "as-typed"] | None = None
    end_mark: str | None = Field(default=None, max_length=10)
    marker: str | None = None
    voice: Voice | None = None
    groups: list[str] = Field(default_factory=list)
    sentences: dict[str, StandingChoice] = Field(default_factory=dict)
    sections: list[str] | None = None
    forums: dict[str, KindConventions] = Field(default_factory=dict)
    kinds: dict[str, KindConventions] = Field(default_factory=dict)

    def _narrower(self, template: str, forum: str | None) -> list[KindConventions]:
        """The choices for this forum, then for this kind of statement (the narrower wins)."""
        found = [self.forums.get(forum) if forum else None, self.kinds.get(template)]
        return [layer for layer in found if layer is not None]

    def standing_sections(self, template: str, forum: str | None = None) -> list[str] | None:
        """The order of sections these conventions give a statement of ``template`` in ``forum`` (None: the
        template's)."""
        given = [layer.sections for layer in self._narrower(template, forum) if layer.sections is not None]
        return given[-1] if given else self.sections

    def standing_choices(self, template: str, language: str, forum: str | None = None) -> dict[str, SentenceChoice]:
        """The sentence choices these conventions make for a statement of ``template`` in ``language``, in
        ``forum``."""
        chosen: dict[str, SentenceChoice] = {}
        layers = [self.sentences, *(layer.sentences for layer in self._narrower(template, forum))]
        for layer in layers:
            for key, choice in layer.items():
                if isinstance(choice, dict):
                    if language in choice:
                        chosen[key] = choice[language]
                else:
                    chosen[key] = choice
        return chosen

    def address_styles(self) -> frozenset[str]:
        """The address styles chosen, in whichever languages they were chosen for."""
        given = self.address_style
        return frozenset([given] if isinstance(given, str) else given or [])

    def answer_defaults(self) -> dict[str, str]:
        """The answers these conventions give a statement that does not give its own."""
        return {name: value for name, value in (("marker", self.marker), ("voice", self.voice)) if value}


def conventions_file(value: str, base: Path | None) -> Path:
    """The file a ``conventions: path`` answer names, relative to the answers file that names it."""
    path = Path(value).expanduser()
    return path if path.is_absolute() or base is None else base.parent / path


def read_conventions(path: Path, checked_as: TypeForm = Conventions) -> dict[str, object]:
    """A conventions file (YAML, the mapping itself or under a top-level ``conventions:`` key), validated
    as ``checked_as`` (a type pydantic validates: by default ``Conventions``; a template adds its checks of
    sentence keys and sections); its mistakes name the file, line and field."""
    from pydantic import TypeAdapter, ValidationError

    from drafter.errors import InputError, Problem
    from drafter.inputs.validation import problems_from
    from drafter.inputs.yamlio import Origin, load_mapping

    if not path.is_file():
        raise InputError(Problem("no such conventions file", path=path))
    loaded = load_mapping(path)
    nested = isinstance(loaded.data.get(CONVENTIONS), Mapping) and len(loaded.data) == 1
    data = loaded.data[CONVENTIONS] if nested else loaded.data
    try:
        adapter: TypeAdapter[Conventions | None] = TypeAdapter(checked_as)
        dumped: dict[str, object] = adapter.dump_python(adapter.validate_python(data), exclude_defaults=True)
        return dumped
    except ValidationError as exc:
        prefix = (CONVENTIONS,) if nested else ()
        known = ", ".join(Conventions.model_fields)
        unknown = (
            f"is not a convention (at the top: {known}; under kinds: and forums: sentences, sections); "
            "a sentence's choice or a form of address goes under sentences:"
        )
        origin = Origin(loaded, bases=(prefix,))
        raise InputError(problems_from(exc, origin, model=Conventions, unknown=unknown)) from None
