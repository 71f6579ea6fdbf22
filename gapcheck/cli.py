"""The command line: parse options, call the library, pick a reporter, exit.

Exit codes are a contract (DESIGN.md): 0 gate passed, 1 gate failed,
2 usage or configuration error, 3 internal error. Bad input never prints a
traceback; set GAPCHECK_DEBUG=1 to see one for an internal error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import IntEnum
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from gapcheck import __version__
from gapcheck.ci import check_options, output_option
from gapcheck.errors import GapcheckError

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    PASSED = 0
    FAILED = 1
    USAGE = 2
    INTERNAL = 3


class UsageFailure(click.ClickException):
    exit_code = ExitCode.USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"gapcheck: error: {self.format_message()}", err=True)


def guarded(func: F) -> F:
    """Turn our errors into exit 2 and anything unexpected into exit 3, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GapcheckError as exc:
            raise UsageFailure(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: exit 3, no traceback
            if os.environ.get("GAPCHECK_DEBUG"):
                traceback.print_exc()
            click.echo(f"gapcheck: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("gapcheck: please report this; GAPCHECK_DEBUG=1 shows the traceback", err=True)
            sys.exit(ExitCode.INTERNAL)

    return wrapper  # type: ignore[return-value]


def colour_wanted(choice: str) -> bool:
    """--color wins; NO_COLOR (non-empty) and TERM=dumb only change the default."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def format_choices() -> list[str]:
    from gapcheck.report import REPORTERS

    return ["auto", *REPORTERS]


def resolve_format(name: str) -> str:
    if name != "auto":
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and _has("github") else "text"


def _has(name: str) -> bool:
    from gapcheck.report import REPORTERS

    return name in REPORTERS


color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (NO_COLOR and TERM=dumb turn the default off).",
)
today_option = click.option(
    "--today", metavar="YYYY-MM-DD", help="The date to check review ages and due dates against."
)
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file (default: .gapcheck.yaml or [tool.gapcheck] found from ROOT).",
)

all_option = click.option(
    "--all",
    "gate_all",
    is_flag=True,
    help="Gate on every requirement, also those not due yet by the plan's timeline.",
)

plan_option = click.option(
    "--plan",
    "plans",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Plan file (repeatable). Default: `plan:` in config, else the built-in rule pack.",
)


def requirement_sources(func: F) -> F:
    """ROOT, --plan, --config and --pack: where a command's requirements come from."""
    func = click.option(
        "--pack", help="Built-in rule pack to require (strategic-gaps, oss-community, none)."
    )(func)
    func = config_option(func)
    func = plan_option(func)
    return click.argument("root", default=".", type=click.Path(path_type=Path, file_okay=False))(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="gapcheck")
def main() -> None:
    """Check a documentation plan against the repository.

    gapcheck reads the plan (or a built-in rule pack), knows what a complete
    document of each type contains, and reports every required document as
    missing, incomplete, stale or complete, with file and line.
    """


@main.command()
@requirement_sources
@click.option("--format", "fmt", default="auto", show_default=True, help="Output format.")
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "any"]),
    help="Lowest priority whose gaps fail the gate (default: high).",
)
@click.option("--content-only", is_flag=True, default=None, help="Skip front-matter and review-date checks.")
@today_option
@all_option
@check_options
@color_option
@guarded
def check(
    root: Path,
    plans: Sequence[Path],
    config_file: Path | None,
    pack: str | None,
    fmt: str,
    fail_on: str | None,
    content_only: bool | None,
    today: str | None,
    gate_all: bool,
    color: str,
    outputs: Sequence[str],
    baseline_file: Path | None,
    write_baseline: Path | None,
    changed: bool,
    base: str | None,
) -> None:
    """Check ROOT (default: the current folder) against its plan and exit 0 (pass) or 1 (fail)."""
    from gapcheck import api, ci
    from gapcheck.report import render

    name = _checked_format(fmt)
    specs = ci.parse_outputs(outputs)
    report = api.check(
        root,
        plans=plans,
        config_file=config_file,
        fail_on=fail_on,
        today=parse_today(today),
        pack=pack,
        content_only=content_only,
        gate_all=gate_all,
        changed=changed,
        base=ci.changed_base(changed, base),
    )
    report = ci.baseline_step(report, baseline_file, write_baseline)
    ci.write_outputs(report, specs)
    colour = colour_wanted(color)
    # color=True: click.echo would otherwise strip the codes whenever stdout is not a terminal.
    click.echo(render(report, name, colour), nl=False, color=colour)
    sys.exit(ExitCode.PASSED if report.gate_passed else ExitCode.FAILED)


def _checked_format(fmt: str) -> str:
    choices = format_choices()
    if fmt not in choices:
        raise click.BadParameter(f"{fmt!r} is not one of {', '.join(choices)}", param_hint="--format")
    return resolve_format(fmt)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def plan(file: Path, fmt: str) -> None:
    """Show what a plan requires (paths and tasks) without checking anything."""
    from gapcheck import api, suggest
    from gapcheck.catalog import load_catalog
    from gapcheck.report.plan import render_plan

    parsed = suggest.enrich(api.read_plan(file, Path.cwd()), load_catalog())
    click.echo(render_plan(parsed, fmt), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--type", "doc_type", help="Document type for every file (default: front matter doc_type, then the name)."
)
@click.option("--content-only", is_flag=True, help="Skip front-matter and review-date checks.")
@click.option("--format", "fmt", default="auto", show_default=True, help="Output format.")
@config_option
@today_option
@output_option
@color_option
@guarded
def lint(
    files: Sequence[Path],
    doc_type: str | None,
    content_only: bool,
    fmt: str,
    config_file: Path | None,
    today: str | None,
    outputs: Sequence[str],
    color: str,
) -> None:
    """Check documents directly, without a plan; exit 1 when any is incomplete."""
    from gapcheck import api, ci
    from gapcheck.report import render

    name = _checked_format(fmt)
    specs = ci.parse_outputs(outputs)
    missing = [str(file) for file in files if not file.is_file()]
    if missing:
        raise UsageFailure(f"no such file: {', '.join(missing)}")
    report = api.lint(
        files,
        root=Path.cwd(),
        doc_type=doc_type,
        content_only=content_only,
        today=parse_today(today),
        config_file=config_file,
    )
    ci.write_outputs(report, specs)
    colour = colour_wanted(color)
    # color=True: click.echo would otherwise strip the codes whenever stdout is not a terminal.
    click.echo(render(report, name, colour), nl=False, color=colour)
    sys.exit(ExitCode.PASSED if report.gate_passed else ExitCode.FAILED)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def rules(fmt: str) -> None:
    """List the finding codes and the document types."""
    from gapcheck.report.listing import render_rules

    click.echo(render_rules(fmt), nl=False)


@main.command()
@click.argument("code")
@guarded
def explain(code: str) -> None:
    """Explain a finding code (GC301) or name (missing-section)."""
    from gapcheck.report.listing import render_explain

    click.echo(render_explain(code), nl=False)


@main.group()
def schema() -> None:
    """Inspect the document schemas."""


@schema.command("show")
@click.argument("type_id", metavar="TYPE")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def schema_show(type_id: str, fmt: str) -> None:
    """Show what a complete document of TYPE must contain, with sources."""
    from gapcheck.report.listing import render_schema

    click.echo(render_schema(type_id, fmt), nl=False)


@main.command()
@requirement_sources
@click.option("--dry-run", is_flag=True, help="Say what would be created; write nothing.")
@click.option("--only", "only", multiple=True, metavar="PATH", help="Only this required path (repeatable).")
@guarded
def init(
    root: Path,
    plans: Sequence[Path],
    config_file: Path | None,
    pack: str | None,
    dry_run: bool,
    only: Sequence[str],
) -> None:
    """Create a template for every required document that is missing; never overwrite.

    Each template has the front matter its type requires (empty, to fill in)
    and one heading per required section with a comment on what belongs there
    and why. Templates fail `gapcheck check` until they are written.
    """
    from gapcheck.init import render, run_init

    result = run_init(root, plans=plans, config_file=config_file, pack=pack, only=only, dry_run=dry_run)
    click.echo(render(result), nl=False)


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-mutations", is_flag=True, help="Skip the mutation tests (faster).")
@click.option(
    "--catalogue",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Requirement catalogue whose levels decide which absent topics count "
    "[default: ../requirements/catalogue.yaml beside CORPUS, if present].",
)
@guarded
def accuracy(corpus: Path, fmt: str, no_mutations: bool, catalogue: Path | None) -> None:
    """Developer tool: measure the schemas on a labelled corpus (manifest.yaml, labels.yaml).

    Prints false alarms, recall and verdicts per document type; exits 1 when a
    threshold is missed. Useful after writing or changing a schema.
    """
    from gapcheck.accuracy import measure, render

    result = measure(corpus, catalogue=catalogue, mutations=not no_mutations)
    click.echo(render(result, fmt), nl=False)
    sys.exit(ExitCode.FAILED if result.failures() else ExitCode.PASSED)


@main.command()
@requirement_sources
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "markdown", "json", "html"]),
    default="auto",
    show_default=True,
    help="Output format (auto: text).",
)
@today_option
@all_option
@color_option
@guarded
def status(
    root: Path,
    plans: Sequence[Path],
    config_file: Path | None,
    pack: str | None,
    fmt: str,
    today: str | None,
    gate_all: bool,
    color: str,
) -> None:
    """Show the plan's progress per phase and section, and its success metrics.

    A report, not a gate: exits 0 whatever the verdicts (`gapcheck check` is the gate).
    """
    from gapcheck import api
    from gapcheck.report import render_status

    report = api.check(
        root, plans=plans, config_file=config_file, today=parse_today(today), pack=pack, gate_all=gate_all
    )
    colour = colour_wanted(color)
    text = render_status(report, "text" if fmt == "auto" else fmt, colour)
    click.echo(text, nl=False, color=colour)


def run(argv: Sequence[str] | None = None) -> int:
    """Call the CLI as a function (tests, embedding); returns the exit code."""
    try:
        main.main(args=list(argv or []), prog_name="gapcheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
