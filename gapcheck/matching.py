"""Does a document cover a topic? Heading match first, then key terms within one section.

Real documents phrase, number and nest their headings their own way, and some
cover a topic in a paragraph under another heading; both must count. The
fallback must stay narrow, though: the words of a topic turn up everywhere in
a long policy, so key terms count only where they stand together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from gapcheck.catalog import SectionSpec
from gapcheck.document import PSEUDO_HEADING_LEVEL, Document, Section

# "3.", "3.1", "A.1", "IV.", "(b)", "§ 4", "Section 2:", "Article 5 -" before the words of a heading.
_NUMBERING_RE = re.compile(
    r"^(?:(?:section|sec|article|art|part|chapter|appendix|annex|schedule|step|clause)\.?\s+|§+\s*)?"
    r"(?:\d+(?:\.\d+)*[.):]?|[a-z](?:\.\d+)+[.):]?|[a-z][.):]|[ivxlc]+[.):]|\([a-z0-9]+\))(?:\s+|$)"
)
_NON_WORD_RE = re.compile(r"[^\w\s]|_")
_SPACE_RE = re.compile(r"\s+")
FUZZY_RATIO = 0.88

# Words that carry no topic: "Changes to These Terms" and "Change of Terms" name one topic.
_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its",
        "of", "on", "or", "our", "the", "their", "this", "these", "those", "to", "we", "with", "you", "your",
    }
)  # fmt: skip


def normalise_heading(text: str) -> str:
    """Case-fold, drop numbering and punctuation, read '&' as 'and'."""
    text = text.casefold().replace("&", " and ").replace("’", "'").replace("'", "")
    text = _SPACE_RE.sub(" ", text).strip()
    previous = None
    while previous != text:  # numbering may be stacked: "Part 2. A.1 Scope"
        previous = text
        text = _NUMBERING_RE.sub("", text).lstrip(" -–—:.")
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def stem(word: str) -> str:
    """A light suffix stripper: plural and verb endings, so 'Changes'/'Changing'/'Change' agree."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


@lru_cache(maxsize=16384)
def content_words(normalised: str) -> frozenset[str]:
    """The stemmed words of a normalised heading that say what it is about."""
    return frozenset(stem(word) for word in normalised.split() if word not in _STOPWORDS)


def _contains_words(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def _word_subset(small: str, large: str) -> bool:
    """Every topic word of `small` is in `large`, in any order, ignoring filler words.

    When dropping filler leaves a single word ("About Us" -> "about"), the filler
    carried the meaning, so only the contiguous phrase counts.
    """
    words, within = content_words(small), content_words(large)
    if not words or (len(words) == 1 and " " in small) or not words <= within:
        return False
    # One word is a whole-word match, inflection aside ("Contact" in "Contacting Staff"); scattered
    # words must be most of the heading: "Frameworks and Standards" is not the topic of
    # "Applicable Standards from the HITRUST Common Security Framework".
    return len(words) == 1 or 2 * len(words) >= len(within)


def _fuzzy(heading: str, candidate: str) -> bool:
    total = len(heading) + len(candidate)
    if 2 * min(len(heading), len(candidate)) < FUZZY_RATIO * total:
        return False  # the ratio cannot reach the threshold: skip the expensive part
    matcher = difflib.SequenceMatcher(None, heading, candidate)
    return matcher.quick_ratio() >= FUZZY_RATIO and matcher.ratio() >= FUZZY_RATIO


EXACT, CONTAINED, FUZZY = 3, 2, 1


def _same_words(heading: str, candidate: str) -> bool:
    """The same topic words ("Changes to These Terms" / "Change of Terms"), unless filler carried
    the meaning ("About" is not "About Us")."""
    words = content_words(heading)
    return words == content_words(candidate) and (len(words) >= 2 or " " not in heading + candidate)


@lru_cache(maxsize=65536)
def match_strength(heading: str, candidate: str) -> int:
    """Both arguments normalised: EXACT (3) same words, CONTAINED (2) one inside the other as
    whole words, FUZZY (1) a close spelling, 0 none."""
    if not heading or not candidate:
        return 0
    if heading == candidate or _same_words(heading, candidate):
        return EXACT
    if _contains_words(heading, candidate) or _word_subset(candidate, heading):
        return CONTAINED
    # A one-word heading inside a long alias ("Rights" in "Your Privacy Rights") is too loose.
    if " " in heading and _contains_words(candidate, heading):
        return CONTAINED
    if len(content_words(heading)) >= 2 and _word_subset(heading, candidate):
        return CONTAINED
    return FUZZY if _fuzzy(heading, candidate) else 0


def heading_matches(heading: str, candidate: str) -> bool:
    return match_strength(heading, candidate) > 0


@cache
def _candidates(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    names = (normalise_heading(title), *(normalise_heading(alias) for alias in aliases))
    return tuple(dict.fromkeys(name for name in names if name))


_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]{1,5}")


_INFLECTION_RE = re.compile(r"(?<=[a-z]{5})(?:ing|ed|es|s)$", re.IGNORECASE)


def term_stem(term: str) -> str:
    """A term's last word without its inflection, so that "privileged" also finds "privilege"
    and "changes" finds "changed". Only long words: "uses" must not become "us"."""
    if term.endswith(("ss", "ies", "IES", "SS")):
        return term
    return _INFLECTION_RE.sub("", term)


# A short word is not a stem: as a word start, "repo" finds "report", "sev" "several", "age"
# "agency" and "Bun" "bundle". So a term whose last word has at most four letters matches
# that word with its inflections ("tags", "tagged", "logging", "failure", "sev1") only.
_SHORT_WORD_MAX = 4
_SHORT_LAST_WORD_RE = re.compile(rf"(?:^|\s)[A-Za-z]{{1,{_SHORT_WORD_MAX}}}$")
_WORD_ENDINGS = r"(?:[bdgklmnprt]?(?:ed|ing|ings|er|ers)|s|es|d|n|ly|ful|less|ness|ments?|ures?|'s)?\d*(?!\w)"


def _term_pattern(term: str) -> str:
    """Words match from a word start (`delet` finds "deletion"); short words, as words with
    their inflections; acronyms only as whole upper-case words ("CLA" is not the start of
    "class"), though a number may lead them as a unit ("16GB"); a leading symbol means a
    substring."""
    if not _ACRONYM_RE.fullmatch(term):
        term = term_stem(term)
    body = re.escape(term).replace(r"\ ", r"\s+")
    if _ACRONYM_RE.fullmatch(term):  # after a number too, as a unit: "6.8GB", "2vCPU"
        return rf"(?-i:(?<![^\W\d]){body}(?!\w))"
    if _SHORT_LAST_WORD_RE.search(term):
        body += _WORD_ENDINGS
    return (r"(?<!\w)" if term[:1].isalnum() else "") + body


@cache
def _term_regex(group: tuple[str, ...]) -> re.Pattern[str]:
    parts = [_term_pattern(term.strip()) for term in group if term.strip()]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def key_terms_present(text: str, groups: Sequence[tuple[str, ...]]) -> bool:
    """Every group has a hit in the text (AND across groups, OR within one)."""
    return bool(groups) and all(_term_regex(tuple(group)).search(text) for group in groups)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How a topic was found: by a heading (the section) or by key terms (where)."""

    covered: bool
    section: Section | None = None
    by_heading: bool = False


# --- headings -----------------------------------------------------------------------------


@cache
def _heading_key(title: str) -> str:
    return normalise_heading(title)


def heading_strength(section: Section, spec: SectionSpec) -> int:
    """How well a section's heading names the topic (see match_strength)."""
    heading = _heading_key(section.title)
    return max((match_strength(heading, name) for name in _candidates(spec.title, spec.aliases)), default=0)


def matching_headings(
    doc: Document, spec: SectionSpec, others: Sequence[SectionSpec] = ()
) -> list[tuple[int, Section]]:
    """Every heading that names the topic, with its strength, in document order.

    A heading goes to the topic it names best: "Enforcement Responsibilities" is
    that topic exactly, so it is not also a loose match for "Enforcement".
    """
    found: list[tuple[int, Section]] = []
    for section in doc.sections[1:]:
        strength = heading_strength(section, spec)
        if strength and not _named_better(section, spec, strength, others):
            found.append((strength, section))
    return found


def _named_better(section: Section, spec: SectionSpec, strength: int, others: Sequence[SectionSpec]) -> bool:
    if strength >= EXACT:
        return False
    return any(other.id != spec.id and heading_strength(section, other) > strength for other in others)


def find_heading(doc: Document, spec: SectionSpec, others: Sequence[SectionSpec] = ()) -> Section | None:
    """The best-matching heading: an exact match anywhere beats a containment or fuzzy one."""
    best: tuple[int, Section] | None = None
    for strength, section in matching_headings(doc, spec, others):
        if best is None or strength > best[0]:
            best = (strength, section)
    return best[1] if best else None


# --- key terms ----------------------------------------------------------------------------

# "[Disclaimer of Warranties](#n-disclaimer)" in a contents list or summary table is navigation:
# the topic must be covered where the link points, not by the link (nor by its blurb, below).
_ANCHOR_LINK_RE = re.compile(r"\[[^\]\n]*\]\(#[^)\s]*\)")


def body_sections(doc: Document) -> list[Section]:
    """Sections whose subtree can hold one topic: not the whole-file preamble, not a title wrapping all."""
    inner = [s for s in doc.sections[1:] if not wraps_everything(doc, s)]
    return inner or list(doc.sections[:1])


def wraps_everything(doc: Document, section: Section) -> bool:
    others = [s for s in doc.sections[1:] if s.index != section.index]
    if not others:
        return False
    return all(section.line < s.line <= section.end_line for s in others)


# A section with its subsections is one place while it is about a page long; beyond that it
# holds several topics, and words from different ones would add up to a false "covered".
SUBTREE_MAX_WORDS = 500


def _texts(doc: Document) -> Iterator[tuple[Section, str]]:
    """The places one topic can sit, narrowest first.

    Each section's own text with its heading (so the intro under a title and
    the text before the first subheading count), then the subtree of each
    short section that has subsections (a topic spread over a few short
    subsections). Never the whole document at once.
    """
    for section in doc.sections:
        yield section, _navigation_masked(f"{section.title}\n{section.text}")
    for section in body_sections(doc):
        if section.end_line > section.body_end_line and section.subtree_words <= SUBTREE_MAX_WORDS:
            yield section, _navigation_masked(section.subtree_text)


# A table row or list item that leads with a link to an anchor is a contents entry: its blurb
# ("We may modify this agreement, but will give you notice") previews the section it links to,
# which must cover the topic itself.
_CONTENTS_ENTRY_RE = re.compile(
    r"^[ \t]*(?:\|[ \t]*|(?:[-*+]|\d+[.)])[ \t]+)(?:[*_]+)?\[[^\]\n]*\]\(#[^)\s]*\).*$", re.MULTILINE
)


def _navigation_masked(text: str) -> str:
    if "](#" not in text:
        return text
    return _ANCHOR_LINK_RE.sub(" ", _CONTENTS_ENTRY_RE.sub(" ", text))


def key_term_sections(doc: Document, spec: SectionSpec) -> Iterator[Section]:
    """Sections whose text holds every key-term group of the topic, in document order."""
    if not spec.key_terms:
        return
    seen: set[int] = set()
    for section, text in _texts(doc):
        if section.index not in seen and key_terms_present(text, spec.key_terms):
            seen.add(section.index)
            yield section


# --- coverage -----------------------------------------------------------------------------


def coverage(doc: Document, spec: SectionSpec, others: Sequence[SectionSpec] = ()) -> Coverage:
    """Covered by the best heading that names the topic, else by the first section with its key terms.

    `others` are the schema's other topics, so that a heading is given to the topic it names best.
    """
    heading = find_heading(doc, spec, others)
    if heading is not None:
        return Coverage(True, heading, by_heading=True)
    section = next(key_term_sections(doc, spec), None)
    if section is None and spec.opening:
        section = opening_section(doc)
    return Coverage(section is not None, section)


# A sentence or two of prose: a badge row or a one-line tagline is not a summary.
OPENING_MIN_WORDS = 25


def opening_section(doc: Document) -> Section | None:
    """Where a document opens: the text before any heading, else the title's own text before
    its first subheading, when that is real prose and sections follow it (text with nothing
    after it is the whole document, not its introduction)."""
    sections = doc.sections
    # The opening runs to the first real subheading: past the title and past bold lines such as
    # "**Last updated: 13 December 2021.**", which only look like headings.
    opening = [sections[0]]
    for section in sections[1:]:
        if (section.level == 1 and len(opening) == 1) or section.level == PSEUDO_HEADING_LEVEL:
            opening.append(section)
        else:
            break
    if len(opening) == len(sections):
        return None  # nothing follows: that is the whole document, not its introduction
    return next((s for s in opening if s.words >= OPENING_MIN_WORDS), None)


def covering_sections(doc: Document, spec: SectionSpec, others: Sequence[SectionSpec] = ()) -> list[Section]:
    """Every section that covers the topic: the headings that name it, else those with its key terms.

    A rule about a topic ("the notice period is a number") holds when any of them satisfies it.
    """
    headings = [section for _, section in matching_headings(doc, spec, others)]
    return headings or list(key_term_sections(doc, spec))
