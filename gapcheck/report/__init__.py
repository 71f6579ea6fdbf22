"""Output formats. Each reporter turns one finished Report into text; the CLI picks by name."""

from __future__ import annotations

from collections.abc import Callable

from gapcheck.model import Report

Reporter = Callable[[Report, bool], str]
"""(report, colour) -> the whole output. Colour is only ever True for a terminal."""


def _text(report: Report, color: bool) -> str:
    from gapcheck.report.text import render

    return render(report, color)


def _json(report: Report, color: bool) -> str:
    from gapcheck.report.json import render

    return render(report)


def _github(report: Report, color: bool) -> str:
    from gapcheck.report.github import render

    return render(report)


def _sarif(report: Report, color: bool) -> str:
    from gapcheck.report.sarif import render

    return render(report)


def _junit(report: Report, color: bool) -> str:
    from gapcheck.report.junit import render

    return render(report)


def _markdown(report: Report, color: bool) -> str:
    from gapcheck.report.markdown import render

    return render(report)


def _html(report: Report, color: bool) -> str:
    from gapcheck.report.html import render

    return render(report)


# Modules are imported on use: a pre-commit run pays only for the format it prints.
REPORTERS: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
    "markdown": _markdown,
    "html": _html,
}


def register(name: str, reporter: Reporter) -> None:
    REPORTERS[name] = reporter


def render(report: Report, name: str, color: bool = False) -> str:
    return REPORTERS[name](report, color)


STATUS_FORMATS = ("text", "markdown", "json", "html")


def render_status(report: Report, name: str, color: bool = False) -> str:
    """`gapcheck status` output: plan progress built from the same Report `check` gates on."""
    from gapcheck.status import build_status

    if name == "html":  # one page serves both commands: progress first, then the documents
        return _html(report, color)
    status = build_status(report)
    if name == "markdown":
        from gapcheck.report import status_markdown

        return status_markdown.render(status)
    if name == "json":
        from gapcheck.report import status_json

        return status_json.render(status)
    from gapcheck.report import status_text

    return status_text.render(status, color)
