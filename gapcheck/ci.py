"""The command-line options for pipelines, kept out of cli.py: outputs, baseline, changed files.

--output FORMAT:FILE      also write the report in FORMAT to FILE (repeatable)
--baseline FILE           report and gate only on findings not in FILE
--write-baseline FILE     record every current finding in FILE, then gate against it
--changed [--base REF]    read only the documents changed since REF (git)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from gapcheck.errors import GapcheckError
from gapcheck.model import Report
from gapcheck.outputs import OutputSpec, parse_output, write_atomic

F = TypeVar("F", bound=Callable[..., Any])

output_option = click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:FILE",
    help="Also write the report in FORMAT to FILE, e.g. sarif:gapcheck.sarif (repeatable).",
)
_file = click.Path(path_type=Path, dir_okay=False)
_baseline_option = click.option(
    "--baseline",
    "baseline_file",
    type=_file,
    help="Report and fail only on findings that are not in this baseline file.",
)
_write_baseline_option = click.option(
    "--write-baseline",
    "write_baseline",
    type=_file,
    help="Record every current finding in this file, then check against it (adopting gapcheck).",
)
_changed_option = click.option(
    "--changed",
    is_flag=True,
    help="Read only documents git reports as changed (existence is still checked everywhere).",
)
_base_option = click.option(
    "--base",
    metavar="REF",
    help="With --changed: also count what this branch changed since REF (e.g. origin/main).",
)


def check_options(func: F) -> F:
    """The pipeline options of `gapcheck check`, in the order --help shows them."""
    for option in (_base_option, _changed_option, _write_baseline_option, _baseline_option, output_option):
        func = option(func)
    return func


def parse_outputs(values: Sequence[str]) -> list[OutputSpec]:
    from gapcheck.report import REPORTERS

    return [parse_output(value, REPORTERS) for value in values]


def write_outputs(report: Report, specs: Sequence[OutputSpec]) -> None:
    from gapcheck.report import render

    for spec in specs:
        write_atomic(spec.path, render(report, spec.format, False))


def changed_base(changed: bool, base: str | None) -> str:
    if base is not None and not changed:
        raise GapcheckError("only works together with --changed", key="--base")
    return base or "HEAD"


def baseline_step(report: Report, baseline_file: Path | None, write_file: Path | None) -> Report:
    """--write-baseline records the full report; then the baseline (given or just written) filters it."""
    from gapcheck.baseline import apply_baseline, load_baseline, write_baseline

    if write_file is not None:
        count = write_baseline(report, write_file)
        click.echo(f"gapcheck: wrote {count} findings to the baseline {write_file}", err=True)
    source = baseline_file or write_file
    if source is None:
        return report
    return apply_baseline(report, load_baseline(source, str(source)))
