"""Speed and memory of gapcheck on realistic inputs. Prints numbers; asserts nothing.

    python benchmarks/bench_check.py [--docs 400] [--repeat 5] [--markdownlint PATH]

Measures: process start-up of the CLI (what a pre-commit hook pays first), a full
`check` of examples/demo, a `check` of a synthetic repository with many documents
(every document parsed and checked), and the plan parser on a large plan.
With --markdownlint (the markdownlint-cli2 executable, from `npm install
markdownlint-cli2` anywhere outside the repository) the same synthetic
repository is also linted by that Node-based linter, for scale: it checks
Markdown style only, gapcheck checks content against schemas.
Times are the best of --repeat runs (the machine is shared; the minimum is the
least noisy estimate); memory is the peak resident size of a child process.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"


def timed_runs(argv: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float]:
    """Best and median wall time of running argv `repeat` times."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def peak_rss_mib(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def synthetic_repo(root: Path, docs: int) -> Path:
    """A plan naming `docs` documents, each a copy of the demo's code of conduct."""
    source = (DEMO / "CODE_OF_CONDUCT.md").read_text(encoding="utf-8")
    lines = ["# Plan", "", "## Phase 1", "", "### Week 1", "", "**Priority:** HIGH", "", "**Tasks:**"]
    for index in range(docs):
        path = f"community/team-{index:04d}/CODE_OF_CONDUCT.md"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(source.replace("Acorn", f"Team {index}"), encoding="utf-8")
        lines.append(f"{index + 1}. Create Code of Conduct {index} (`{path}`)")
    (root / "PLAN.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def report(name: str, best: float, median: float, extra: str = "") -> None:
    print(f"{name:<44} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms  {extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdownlint", help="path to markdownlint-cli2, for comparison")
    args = parser.parse_args()
    exe = shutil.which("gapcheck") or f"{sys.executable} -m gapcheck"
    cli = exe.split()
    print(f"python {sys.version.split()[0]}, gapcheck at {exe}")
    report("start-up: gapcheck --version", *timed_runs([*cli, "--version"], args.repeat))
    demo = [*cli, "check", str(DEMO), "--today", "2026-11-25", "--format", "json"]
    report("check examples/demo (5 requirements)", *timed_runs(demo, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        root = synthetic_repo(Path(folder), args.docs)
        big = [*cli, "check", str(root), "--plan", str(root / "PLAN.md"), "--format", "json"]
        best, median = timed_runs(big, args.repeat)
        per_doc = best / args.docs * 1000
        report(f"check {args.docs} documents", best, median, f"({per_doc:.2f} ms/document)")
        print(f"{'peak memory, check ' + str(args.docs) + ' documents':<44} {peak_rss_mib(big):8.1f} MiB")
        if args.markdownlint:
            lint = [args.markdownlint, "community/**/*.md"]
            best, median = timed_runs(lint, args.repeat, cwd=root)
            report(f"markdownlint-cli2, same {args.docs} documents", best, median, "(style rules only)")
        code = "import pathlib, sys\nfrom gapcheck.plan import parse_plan\n"
        code += "t = pathlib.Path(sys.argv[1]).read_text()"
        loop = code + "\nimport time; s=time.perf_counter()\nfor _ in range(20): parse_plan(t, 'PLAN.md')\n"
        loop += "print((time.perf_counter()-s)/20)"
        out = subprocess.run(
            [sys.executable, "-c", loop, str(root / "PLAN.md")], capture_output=True, text=True, check=True
        )
        print(f"{'parse a ' + str(args.docs) + '-task plan':<44} {float(out.stdout) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
