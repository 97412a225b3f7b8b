"""The speaking-time estimate: words of the delivered text divided by a speaking rate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from drafter.document.blocks import Block

DEFAULT_RATE = 110.0
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@lru_cache(maxsize=1024)  # statements of a batch share most of their paragraphs
def count_words(text: str) -> int:
    """Count words the way a speaker says them (hyphenated and elided forms count once)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Estimate:
    """How long a statement takes to deliver, and the forum's limit when there is one."""

    words: int
    rate: float
    limit_minutes: float | None = None

    @property
    def seconds(self) -> float:
        """Estimated delivery time in seconds."""
        return self.words / self.rate * 60

    @property
    def over_limit(self) -> bool:
        """True when the estimate exceeds the limit."""
        return self.limit_minutes is not None and self.seconds > self.limit_minutes * 60

    def describe(self) -> str:
        """A one-line summary for the terminal."""
        text = f"{self.words:,} words, about {format_duration(self.seconds)} at {self.rate:g} words per minute"
        if self.limit_minutes is not None:
            limit = format_duration(self.limit_minutes * 60)
            if self.over_limit:
                excess = format_duration(self.seconds - self.limit_minutes * 60)
                text += f" — OVER the {limit} limit by {excess}"
            else:
                text += f" (limit {limit})"
        return text


def format_duration(seconds: float) -> str:
    """``95`` → ``1 min 35 s``."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min" + (f" {secs:02d} s" if secs else "")


def estimate(blocks: Iterable[Block], rate: float = DEFAULT_RATE, limit_minutes: float | None = None) -> Estimate:
    """Estimate the delivery time of the given (body) blocks."""
    words = sum(count_words(block.text) for block in blocks)
    return Estimate(words, rate, limit_minutes)
