"""A Markdown file, parsed once into what the checks need.

Line numbers are true 1-based lines of the file, front matter included: the
front-matter plugin keeps markdown-it's token maps aligned with the file, so a
finding lands on the line a reviewer sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

WORD_RE = re.compile(r"[^\W_][\w'’-]*")
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1")
_HTML_HEADING_RE = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
# A paragraph that is nothing but bold text works as a heading in many real documents.
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,120}?)(?:\*\*|__)\s*:?\s*$")
PSEUDO_HEADING_LEVEL = 7
# A paragraph led by a bold label ("**Scope.** This policy applies ...") is a run-in heading.
_RUN_IN_BOLD_RE = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,80}?)([.:]?)(?:\*\*|__)([.:]?)\s+\S")
# Heading markup without <hN>: class="header_2" / "heading-3" / "h4", or aria-level="2".
_CLASS_HEADING_RE = re.compile(
    r"<(span|div|p|strong|b)\b[^>]*?(?:class\s*=\s*\"[^\"]*?\b(?:header|heading|h)[-_]?([1-6])\b[^\"]*\""
    r"|aria-level\s*=\s*\"([1-6])\")[^>]*>(.*?)</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the lines up to the next heading of the same or a higher level."""

    index: int
    level: int  # 0 is the preamble before the first heading
    title: str
    line: int
    end_line: int  # last line of this section including its subsections
    body_end_line: int  # last line before the first subsection
    parent: int | None
    words: int  # words in the section's own body
    subtree_words: int  # words in the body and all subsections
    text: str  # prose of the own body, code masked
    subtree_text: str  # prose of the body and all subsections


@dataclass(frozen=True, slots=True)
class TaskItem:
    line: int
    checked: bool
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Link:
    line: int
    target: str
    text: str


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class FrontMatterError:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    text: str
    front_matter: dict[str, Any] | None
    front_matter_error: FrontMatterError | None
    front_matter_lines: tuple[int, int] | None  # first and last line, delimiters included
    sections: tuple[Section, ...]
    tasks: tuple[TaskItem, ...]
    tables: tuple[Table, ...]
    links: tuple[Link, ...]
    comments: tuple[Comment, ...]
    code_block_lines: tuple[int, ...]
    prose_lines: tuple[tuple[int, str], ...] = field(repr=False)
    # Every line after the front matter with HTML comments blanked but code kept: what a
    # reader sees, including `429` in inline code and header examples in code blocks.
    visible_lines: tuple[tuple[int, str], ...] = field(default=(), repr=False)

    @property
    def words(self) -> int:
        return self.sections[0].subtree_words if self.sections else 0

    def section_at(self, line: int) -> Section:
        """The innermost section holding a line."""
        found = self.sections[0]
        for section in self.sections[1:]:
            if section.line > line:
                break
            if section.end_line >= line:
                found = section
        return found

    def visible_in(self, section: Section | None) -> Iterator[tuple[int, str]]:
        """Visible lines (code included, comments blanked) of a section's subtree."""
        for number, line in self.visible_lines:
            if section is None or section.line <= number <= section.end_line:
                yield number, line

    def prose_in(self, section: Section | None) -> Iterator[tuple[int, str]]:
        """Prose lines (code masked, front matter and code blocks left out) of a section's subtree."""
        if section is None:
            yield from self.prose_lines
            return
        for number, line in self.prose_lines:
            if section.line <= number <= section.end_line:
                yield number, line


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so 2026-13-45 is a schema finding, not a crash."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@cache
def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .use(front_matter_plugin)
        .use(tasklists_plugin)
    )


def parse_document(text: str, path: str) -> Document:
    """Parse Markdown text. Never raises for any input: problems become fields."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    tokens = _parser().parse(text)
    lines = text.split("\n")
    front_matter, fm_error, fm_lines = _front_matter(tokens)
    code_lines = _code_lines(tokens)
    skipped = set(code_lines)
    if fm_lines:
        skipped.update(range(fm_lines[0], fm_lines[1] + 1))
    prose = tuple(
        (number, _mask_code(line)) for number, line in enumerate(lines, start=1) if number not in skipped
    )
    comments = tuple(_comments(prose))
    prose = _mask_comments(prose)
    after_front = fm_lines[1] if fm_lines else 0
    visible = _mask_comments(tuple((n, line) for n, line in enumerate(lines, start=1) if n > after_front))
    headings = _headings(tokens, lines)
    return Document(
        path=path,
        text=text,
        front_matter=front_matter,
        front_matter_error=fm_error,
        front_matter_lines=fm_lines,
        sections=_build_sections(headings, prose, len(lines)),
        tasks=tuple(_task_items(tokens)),
        tables=tuple(_tables(tokens)),
        links=tuple(_links(tokens, lines)),
        comments=comments,
        code_block_lines=tuple(sorted(code_lines)),
        prose_lines=prose,
        visible_lines=visible,
    )


def _mask_code(line: str) -> str:
    """Blank out inline code so that `{{ var }}` in an example is not prose."""
    return _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def _front_matter(
    tokens: Sequence[Token],
) -> tuple[dict[str, Any] | None, FrontMatterError | None, tuple[int, int] | None]:
    if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
        return None, None, None
    token = tokens[0]
    assert token.map is not None
    span = (token.map[0] + 1, token.map[1])
    try:
        data = yaml.load(token.content, Loader=_FrontMatterLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = span[0] + 1 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, FrontMatterError(line, f"front matter is not valid YAML: {problem}"), span
    if data is None:
        return {}, None, span
    if not isinstance(data, dict):
        kind = type(data).__name__
        return None, FrontMatterError(span[0], f"front matter must be a mapping, not {kind}"), span
    return {str(key): value for key, value in data.items()}, None, span


def _code_lines(tokens: Sequence[Token]) -> set[int]:
    found: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            found.update(range(token.map[0] + 1, token.map[1] + 1))
    return found


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    title: str
    line: int
    run_in: bool = False  # the heading's line also holds body text


def _inline_text(token: Token) -> str:
    parts = [child.content for child in token.children or [] if child.type in ("text", "code_inline")]
    return "".join(parts).strip() if parts else token.content.strip()


# A heading's attribute list sets its anchor or class, not its title: `## Removal {#removal}`
# (Hugo, Pandoc, MkDocs attr_list) and `## Removal {: #removal}` (kramdown).
_HEADING_ATTRS_RE = re.compile(r"\s*\{:?\s*[#.][^{}\n]*\}\s*$")


def _headings(tokens: Sequence[Token], lines: Sequence[str]) -> list[_Heading]:
    found: list[_Heading] = []
    for position, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            title = _HEADING_ATTRS_RE.sub("", _inline_text(tokens[position + 1]))
            found.append(_Heading(int(token.tag[1]), title, token.map[0] + 1))
        elif token.type == "html_block" and token.map:
            found.extend(_html_headings(token))
            found.extend(_class_headings(token))
        elif token.type == "inline" and token.map and "<" in token.content:
            found.extend(_class_headings(token))
        elif _is_bold_paragraph(tokens, position):
            assert token.map is not None
            match = _BOLD_LINE_RE.match(lines[token.map[0]])
            if match:
                title = match.group(1).strip()
                found.append(_Heading(PSEUDO_HEADING_LEVEL, title, token.map[0] + 1))
            else:
                found.extend(_run_in_bold(lines, token.map[0]))
    return sorted(found, key=lambda heading: heading.line)


def _run_in_bold(lines: Sequence[str], index: int) -> Iterator[_Heading]:
    """A bold label that ends in '.' or ':' and then running text, like a heading set inline."""
    match = _RUN_IN_BOLD_RE.match(lines[index])
    if match and (match.group(2) or match.group(3)):
        yield _Heading(PSEUDO_HEADING_LEVEL, match.group(1).strip(), index + 1, run_in=True)


def _class_headings(token: Token) -> Iterator[_Heading]:
    """Headings marked up with a class or ARIA level (contract forms, exported HTML)."""
    assert token.map is not None
    for match in _CLASS_HEADING_RE.finditer(token.content):
        title = _TAG_RE.sub("", match.group(4)).strip().rstrip(".:").strip()
        if not title:
            continue
        line = token.map[0] + 1 + token.content.count("\n", 0, match.start())
        rest = token.content[match.end() :].split("\n", 1)[0]
        yield _Heading(int(match.group(2) or match.group(3)), title, line, run_in=bool(rest.strip()))


def _is_bold_paragraph(tokens: Sequence[Token], position: int) -> bool:
    """A top-level paragraph (not in a list or quote): the only place a bold line acts as a heading."""
    token = tokens[position]
    if token.type != "paragraph_open" or not token.map:
        return False
    return token.level == 0 and position + 1 < len(tokens)


def _html_headings(token: Token) -> Iterator[_Heading]:
    assert token.map is not None
    for match in _HTML_HEADING_RE.finditer(token.content):
        line = token.map[0] + 1 + token.content.count("\n", 0, match.start())
        title = _TAG_RE.sub("", match.group(2)).strip()
        if title:
            yield _Heading(int(match.group(1)), title, line)


def _words(texts: Sequence[str]) -> int:
    return sum(len(WORD_RE.findall(text)) for text in texts)


def _build_sections(
    headings: Sequence[_Heading], prose: Sequence[tuple[int, str]], last_line: int
) -> tuple[Section, ...]:
    heads = [_Heading(0, "", 1), *headings]
    ends = _subtree_ends(heads, last_line)
    heading_lines = {heading.line for heading in headings if not heading.run_in}
    sections: list[Section] = []
    stack: list[int] = []
    for index, head in enumerate(heads):
        while stack and heads[stack[-1]].level >= head.level:
            stack.pop()
        parent = stack[-1] if stack else None
        next_line = heads[index + 1].line if index + 1 < len(heads) else last_line + 1
        own_last = min(next_line - 1, ends[index])
        first = head.line if index == 0 or head.run_in else head.line + 1
        own = [t for n, t in prose if first <= n <= own_last and n not in heading_lines]
        whole = [t for n, t in prose if first <= n <= ends[index] and n not in heading_lines]
        sections.append(
            Section(
                index=index,
                level=head.level,
                title=head.title,
                line=head.line,
                end_line=ends[index],
                body_end_line=own_last,
                parent=parent,
                words=_words(own),
                subtree_words=_words(whole),
                text="\n".join(own),
                subtree_text="\n".join([t for n, t in prose if head.line <= n <= ends[index]]),
            )
        )
        stack.append(index)
    return tuple(sections)


def _subtree_ends(heads: Sequence[_Heading], last_line: int) -> list[int]:
    ends = [last_line] * len(heads)
    for index, head in enumerate(heads):
        if index == 0:
            continue
        for later in heads[index + 1 :]:
            if later.level <= head.level:
                ends[index] = later.line - 1
                break
    return ends


def _task_items(tokens: Sequence[Token]) -> Iterator[TaskItem]:
    for position, token in enumerate(tokens):
        if token.type != "list_item_open" or token.attrs.get("class") != "task-list-item":
            continue
        inline = next((t for t in tokens[position:] if t.type == "inline"), None)
        if inline is None or not token.map:
            continue
        children = inline.children or []
        checked = bool(children) and 'checked="checked"' in children[0].content
        yield TaskItem(token.map[0] + 1, checked, _inline_text(inline))


def _tables(tokens: Sequence[Token]) -> Iterator[Table]:
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.type == "table_open" and token.map:
            header, rows, position = _read_table(tokens, position)
            yield Table(token.map[0] + 1, header, rows)
        position += 1


def _read_table(
    tokens: Sequence[Token], start: int
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], int]:
    header: list[str] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    in_head = False
    position = start
    for position in range(start, len(tokens)):
        token = tokens[position]
        if token.type == "table_close":
            break
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(_inline_text(token))
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(tuple(row))
    return tuple(header), tuple(rows), position


def _links(tokens: Sequence[Token], lines: Sequence[str]) -> Iterator[Link]:
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        children = token.children or []
        for position, child in enumerate(children):
            if child.type != "link_open":
                continue
            target = str(child.attrs.get("href", ""))
            label = children[position + 1].content if position + 1 < len(children) else ""
            yield Link(_line_of(target, token.map, lines), target, label)


def _line_of(needle: str, span: Sequence[int], lines: Sequence[str]) -> int:
    for number in range(span[0], span[1]):
        if needle and needle in lines[number]:
            return number + 1
    return span[0] + 1


def _comments(prose: Sequence[tuple[int, str]]) -> Iterator[Comment]:
    text = "\n".join(line for _, line in prose)
    numbers = [number for number, _ in prose]
    offsets = _line_offsets([line for _, line in prose])
    for match in _COMMENT_RE.finditer(text):
        line_index = _index_of_offset(offsets, match.start())
        yield Comment(numbers[line_index], match.group(1).strip())


def _mask_comments(prose: Sequence[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """HTML comments are invisible on the page: they are neither words nor key terms."""
    text = "\n".join(line for _, line in prose)
    if "<!--" not in text:
        return tuple(prose)
    masked = _COMMENT_RE.sub(lambda m: "".join(c if c == "\n" else " " for c in m.group(0)), text)
    return tuple(zip((number for number, _ in prose), masked.split("\n"), strict=True))


def _line_offsets(lines: Sequence[str]) -> list[int]:
    offsets: list[int] = []
    total = 0
    for line in lines:
        offsets.append(total)
        total += len(line) + 1
    return offsets


def _index_of_offset(offsets: Sequence[int], offset: int) -> int:
    low, high = 0, len(offsets) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if offsets[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low
