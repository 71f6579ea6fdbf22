"""The document model: one parse gives front matter, sections, tasks, tables, links, comments."""

from __future__ import annotations

from gapcheck.document import PSEUDO_HEADING_LEVEL, parse_document

SOURCE = """---
title: Example
last_reviewed: 2026-01-02
---
# Example Policy

Intro text under the title.

## 1. Scope

This policy covers every team. See [the handbook](https://handbook.test/x).

### 1.1 Exceptions

None so far. <!-- gapcheck-disable-next-line GC402 -->

## Checklist

- [x] Publish
- [ ] Review

| Data | Period |
|------|--------|
| Logs | 30 days |

```
# not a heading
{{ not.prose }}
```
<h2>Contact</h2>

Email us.
"""


def test_front_matter_and_true_line_numbers() -> None:
    doc = parse_document(SOURCE, "x.md")
    assert doc.front_matter == {"title": "Example", "last_reviewed": "2026-01-02"}
    assert doc.front_matter_lines == (1, 4)
    titles = [(s.level, s.title, s.line) for s in doc.sections[1:]]
    assert titles == [
        (1, "Example Policy", 5),
        (2, "1. Scope", 9),
        (3, "1.1 Exceptions", 13),
        (2, "Checklist", 17),
        (2, "Contact", 30),
    ]


def test_section_tree_and_word_counts() -> None:
    doc = parse_document(SOURCE, "x.md")
    scope = doc.sections[2]
    exceptions = doc.sections[3]
    assert exceptions.parent == scope.index
    assert scope.end_line == 16
    assert scope.words == 12  # the raw Markdown line, link target included
    assert scope.subtree_words == scope.words + exceptions.words
    assert exceptions.words == 3  # the HTML comment is not text
    assert doc.section_at(14).title == "1.1 Exceptions"


def test_tasks_tables_links_comments() -> None:
    doc = parse_document(SOURCE, "x.md")
    assert [(t.line, t.checked, t.text) for t in doc.tasks] == [(19, True, "Publish"), (20, False, "Review")]
    assert [(t.line, t.header, t.rows) for t in doc.tables] == [
        (22, ("Data", "Period"), (("Logs", "30 days"),))
    ]
    assert [(link.line, link.target) for link in doc.links] == [(11, "https://handbook.test/x")]
    assert [(c.line, c.text) for c in doc.comments] == [(15, "gapcheck-disable-next-line GC402")]


def test_code_blocks_are_not_prose() -> None:
    doc = parse_document(SOURCE, "x.md")
    assert set(doc.code_block_lines) == {26, 27, 28, 29}
    assert all("not.prose" not in line for _, line in doc.prose_lines)


def test_bold_line_is_a_pseudo_heading() -> None:
    doc = parse_document("# T\n\n**Governing Law**\n\nThe laws of Ireland apply.\n", "x.md")
    assert (doc.sections[-1].level, doc.sections[-1].title) == (PSEUDO_HEADING_LEVEL, "Governing Law")


def test_any_input_parses() -> None:
    for text in (
        "",
        "\ufeff# BOM\r\nwindows\r\n",
        "---\nunclosed: [\n",
        "---\n- a list\n---\n",
        "\x00\x01binary",
    ):
        doc = parse_document(text, "x.md")
        assert doc.sections[0].level == 0
    assert parse_document("---\n- a\n---\n", "x.md").front_matter_error is not None
    crlf = parse_document("# A\r\n\r\n## B\r\n", "x.md")
    assert [s.line for s in crlf.sections[1:]] == [1, 3]
