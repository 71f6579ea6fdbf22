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


# Modules are imported on use: a pre-commit run pays only for the format it prints.
REPORTERS: dict[str, Reporter] = {"text": _text, "json": _json}


def register(name: str, reporter: Reporter) -> None:
    REPORTERS[name] = reporter


def render(report: Report, name: str, color: bool = False) -> str:
    return REPORTERS[name](report, color)
