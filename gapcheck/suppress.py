"""Suppressions written in a document: HTML comments and a front-matter key.

    <!-- gapcheck-disable GC402, missing-section -->   off from here (no codes: everything)
    <!-- gapcheck-enable GC402 -->                      on again (no codes: everything)
    <!-- gapcheck-disable-next-line GC402 -->          off for the next line only
    text <!-- gapcheck-disable-line GC402 -->          off for this line only
    ---
    gapcheck: {ignore: [GC303]}                          off for the whole document
    ---

Codes may be given as codes (GC301) or names (missing-section), separated by
commas or spaces; ` -- ` starts a free-text reason. A `gapcheck-disable`
placed in the document's head (before the first heading after the title)
covers the whole document from line 1, because whole-document findings
(a missing section, too few words, no front matter) sit on the title line or
line 1. Comments inside code blocks are examples, not directives. A directive
naming an unknown code is reported (GC801) instead of silently doing nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gapcheck.checks import code_info
from gapcheck.checks.suppression import UNKNOWN_SUPPRESSION
from gapcheck.document import Comment, Document
from gapcheck.model import Finding

ALL = "*"
_DIRECTIVE_RE = re.compile(
    r"^gapcheck-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$", re.DOTALL
)
_SPLIT_RE = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class _State:
    everything: bool = False  # a code-less disable is in force
    off: frozenset[str] = frozenset()  # codes disabled one by one
    back_on: frozenset[str] = frozenset()  # codes enabled again inside a code-less disable

    def suppresses(self, code: str) -> bool:
        return (self.everything and code not in self.back_on) or code in self.off

    def disable(self, codes: frozenset[str]) -> _State:
        if ALL in codes:
            return _State(everything=True)
        if self.everything:
            return _State(True, self.off, self.back_on - codes)
        return _State(False, self.off | codes, self.back_on)

    def enable(self, codes: frozenset[str]) -> _State:
        if ALL in codes:
            return _State()
        back_on = self.back_on | codes if self.everything else self.back_on
        return _State(self.everything, self.off - codes, back_on)


@dataclass(frozen=True)
class Suppressions:
    """What one document switches off, and the problems with how it says so."""

    starts: tuple[int, ...] = ()  # line where each state begins, ascending
    states: tuple[_State, ...] = ()
    lines: dict[int, frozenset[str]] = field(default_factory=dict)  # single-line suppressions
    whole: frozenset[str] = frozenset()  # front matter `gapcheck: {ignore: [...]}`
    problems: tuple[Finding, ...] = ()

    def suppresses(self, finding: Finding) -> bool:
        code = finding.code
        if code in self.whole:
            return True
        on_line = self.lines.get(finding.line, frozenset())
        if ALL in on_line or code in on_line:
            return True
        position = bisect.bisect_right(self.starts, finding.line) - 1
        return position >= 0 and self.states[position].suppresses(code)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if not self.suppresses(f)]


@dataclass(frozen=True, slots=True)
class _Directive:
    kind: str
    codes: frozenset[str]
    line: int  # where the comment starts
    end_line: int  # where it ends (for -next-line)


def _resolve(names: Sequence[str], doc: Document, line: int, problems: list[Finding]) -> frozenset[str]:
    if not names:
        return frozenset({ALL})
    codes = set()
    for name in names:
        info = code_info(name)
        if info is None:
            problems.append(
                UNKNOWN_SUPPRESSION.finding(
                    doc.path,
                    line,
                    f"suppression names unknown code '{name}'; it has no effect",
                    hint="`gapcheck rules` lists the codes and names.",
                )
            )
        else:
            codes.add(info.code)
    return frozenset(codes)


def _end_line(doc: Document, comment: Comment) -> int:
    """The line holding the comment's `-->`: a directive may span lines."""
    lines = doc.text.split("\n")
    start = comment.line - 1
    opening = lines[start].find("<!--") if start < len(lines) else -1
    if opening >= 0 and "-->" in lines[start][opening + 4 :]:
        return comment.line
    for index in range(start + 1, len(lines)):
        if "-->" in lines[index]:
            return index + 1
    return comment.line


def _directives(doc: Document, problems: list[Finding]) -> list[_Directive]:
    found = []
    for comment in doc.comments:
        match = _DIRECTIVE_RE.match(comment.text)
        if match is None:
            continue
        names = [n for n in _SPLIT_RE.split(match.group(2).split(" -- ")[0]) if n]
        codes = _resolve(names, doc, comment.line, problems)
        if codes:  # only unknown codes: reported, and nothing to do
            found.append(_Directive(match.group(1), codes, comment.line, _end_line(doc, comment)))
    return found


def _head_end(doc: Document) -> int:
    """Last line of the document's head: everything before the first heading after the title."""
    headings = [section for section in doc.sections if section.level > 0]
    return headings[1].line - 1 if len(headings) > 1 else len(doc.text.split("\n"))


def _front_matter_codes(doc: Document, problems: list[Finding]) -> frozenset[str]:
    settings = (doc.front_matter or {}).get("gapcheck")
    ignore = settings.get("ignore") if isinstance(settings, dict) else None
    if not ignore:
        return frozenset()
    names = [ignore] if isinstance(ignore, str) else [str(name) for name in ignore]
    line = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    return _resolve(names, doc, line, problems) - {ALL}


def suppressions(doc: Document) -> Suppressions:
    problems: list[Finding] = []
    whole = _front_matter_codes(doc, problems)
    head_end = _head_end(doc)
    changes: list[tuple[int, int, str, frozenset[str]]] = []
    lines: dict[int, frozenset[str]] = {}
    for order, directive in enumerate(_directives(doc, problems)):
        if directive.kind in ("disable-next-line", "disable-line"):
            target = directive.end_line + 1 if directive.kind == "disable-next-line" else directive.line
            lines[target] = lines.get(target, frozenset()) | directive.codes
            continue
        start = 1 if directive.kind == "disable" and directive.line <= head_end else directive.line
        changes.append((start, order, directive.kind, directive.codes))
    starts: list[int] = []
    states: list[_State] = []
    state = _State()
    for start, _, kind, codes in sorted(changes):
        state = state.disable(codes) if kind == "disable" else state.enable(codes)
        if starts and starts[-1] == start:
            states[-1] = state
        else:
            starts.append(start)
            states.append(state)
    return Suppressions(tuple(starts), tuple(states), lines, whole, tuple(problems))


def apply(doc: Document, findings: Iterable[Finding]) -> list[Finding]:
    """The document's findings without the suppressed ones, plus problems with the directives."""
    if not doc.comments and not (doc.front_matter or {}).get("gapcheck"):
        return list(findings)  # the common case, kept cheap: nothing to parse
    found = suppressions(doc)
    return [*found.filter(findings), *found.problems]
