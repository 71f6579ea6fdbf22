"""Does a document cover a topic? Heading match first, then key terms within one section.

Real documents phrase, number and nest their headings their own way, and some
cover a topic in a paragraph under another heading; both must count.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from gapcheck.catalog import SectionSpec
from gapcheck.document import Document, Section

# "3.", "3.1", "A.1", "IV.", "(b)", "Section 2:", "Article 5 -" before the words of a heading.
_NUMBERING_RE = re.compile(
    r"^(?:(?:section|article|part|chapter|appendix|annex|schedule|step)\s+)?"
    r"(?:\d+(?:\.\d+)*[.):]?|[a-z](?:\.\d+)*[.):]|[ivxlc]+[.):]|\([a-z0-9]+\))\s+"
)
_NON_WORD_RE = re.compile(r"[^\w\s]|_")
_SPACE_RE = re.compile(r"\s+")
FUZZY_RATIO = 0.88


def normalise_heading(text: str) -> str:
    """Case-fold, drop numbering and punctuation, read '&' as 'and'."""
    text = text.casefold().replace("&", " and ").replace("’", "'").replace("'", "")
    text = _SPACE_RE.sub(" ", text).strip()
    previous = None
    while previous != text:  # numbering may be stacked: "Part 2. A.1 Scope"
        previous = text
        text = _NUMBERING_RE.sub("", text)
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def _contains_words(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def match_strength(heading: str, candidate: str) -> int:
    """Both arguments normalised. 3 exact, 2 whole-word containment, 1 close fuzzy match, 0 none."""
    if not heading or not candidate:
        return 0
    if heading == candidate:
        return 3
    if _contains_words(heading, candidate):
        return 2
    # A short heading inside a long alias ("Rights" in "Your Privacy Rights") is too loose.
    if heading.count(" ") >= 1 and _contains_words(candidate, heading):
        return 2
    return 1 if difflib.SequenceMatcher(None, heading, candidate).ratio() >= FUZZY_RATIO else 0


def heading_matches(heading: str, candidate: str) -> bool:
    return match_strength(heading, candidate) > 0


@cache
def _candidates(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    names = (normalise_heading(title), *(normalise_heading(alias) for alias in aliases))
    return tuple(name for name in names if name)


@cache
def _term_regex(group: tuple[str, ...]) -> re.Pattern[str]:
    """Word-start match for words, plain substring for terms that start with a symbol."""
    parts = [
        (r"(?<!\w)" if term[:1].isalnum() else "") + re.escape(term.strip()).replace(r"\ ", r"\s+")
        for term in group
        if term.strip()
    ]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def key_terms_present(text: str, groups: Sequence[tuple[str, ...]]) -> bool:
    return bool(groups) and all(_term_regex(tuple(group)).search(text) for group in groups)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How a topic was found: by a heading (the section) or by key terms (where)."""

    covered: bool
    section: Section | None = None
    by_heading: bool = False


def body_sections(doc: Document) -> list[Section]:
    """Sections that can hold one topic: not the whole-file preamble, not a title wrapping all."""
    inner = [s for s in doc.sections[1:] if not _wraps_everything(doc, s)]
    return inner or list(doc.sections[:1])


def _wraps_everything(doc: Document, section: Section) -> bool:
    others = [s for s in doc.sections[1:] if s.index != section.index]
    if not others:
        return False
    return all(section.line < s.line <= section.end_line for s in others)


def find_heading(doc: Document, spec: SectionSpec) -> Section | None:
    """The best-matching heading: an exact match anywhere beats a containment or fuzzy one."""
    names = _candidates(spec.title, spec.aliases)
    best: tuple[int, Section] | None = None
    for section in doc.sections[1:]:
        heading = normalise_heading(section.title)
        strength = max((match_strength(heading, name) for name in names), default=0)
        if strength and (best is None or strength > best[0]):
            best = (strength, section)
            if strength == 3:
                break
    return best[1] if best else None


def coverage(doc: Document, spec: SectionSpec) -> Coverage:
    heading = find_heading(doc, spec)
    if heading is not None:
        return Coverage(True, heading, by_heading=True)
    if spec.key_terms:
        for section in body_sections(doc):
            if key_terms_present(section.subtree_text, spec.key_terms):
                return Coverage(True, section)
    return Coverage(False)
