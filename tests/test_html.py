"""`--format html`: a self-contained page, every text escaped, filters that work in a real browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MakeRepo, RunCli

STATUS_REPO = Path(__file__).parent / "fixtures" / "status_repo"
HOSTILE = "Create </script><script>alert(1)</script> <!-- Policy <img src=x onerror=alert(2)> & co"
# Entities, because the plan parser drops raw inline HTML: the decoded text is what must stay inert.
HOSTILE_PLAN = """# Plan

## Phase 1: Launch (Weeks 1-2)

### Week 1: Legal

**Priority:** CRITICAL
**Owner:** Legal &lt;b&gt;team&lt;/b&gt;

**Tasks:**
1. {title} (`legal/EVIL.md`)
2. Create Privacy Policy (`legal/PRIVACY_POLICY.md`)
3. Write "quotes" & 'apostrophes' ✅ Done
""".format(
    title="Create &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- Policy "
    "&lt;img src=x onerror=alert(2)&gt; &amp; co"
)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


def _html(run_cli: RunCli, root: Path, *args: str) -> str:
    result = run_cli("check", str(root), "--format", "html", "--today", "2026-01-20", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.fixture
def hostile_repo(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "PLAN.md": HOSTILE_PLAN,
            ".gapcheck.yaml": "plan: PLAN.md\n",
            "legal/EVIL.md": "# <script>alert(3)</script>\n\nToo short.\n",
        }
    )


def test_page_is_self_contained(run_cli: RunCli) -> None:
    page = _html(run_cli, STATUS_REPO)
    assert page.startswith("<!DOCTYPE html>")
    for external in (" src=", " href=", "<link", "@import", "url(", "http://", "https://"):
        assert external not in page, external
    assert "Content-Security-Policy" in page


def test_every_script_is_allowed_by_hash_and_no_other_can_run(run_cli: RunCli) -> None:
    page = _html(run_cli, STATUS_REPO)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    assert "unsafe-inline" not in csp[1].split("script-src", 1)[1].split(";")[0]
    executable = [m["body"] for m in _SCRIPT.finditer(page) if "application/json" not in m["attrs"]]
    assert len(executable) == 2
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp[1]


def test_document_text_is_escaped(run_cli: RunCli, hostile_repo: Path) -> None:
    page = _html(run_cli, hostile_repo)
    for raw in ("<script>alert", "<img src=x", "<!-- Policy", "<b>team</b>"):
        assert raw not in page, raw
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Legal &lt;b&gt;team&lt;/b&gt;" in page
    # The embedded report is valid JSON that cannot close its <script> element or open a comment.
    block = re.search(r'<script type="application/json" id="gapcheck-report">(.*?)</script>', page, re.DOTALL)
    assert block is not None
    assert "</" not in block[1]
    assert "<!--" not in block[1]
    titles = [r["title"] for r in json.loads(block[1])["requirements"]]
    assert HOSTILE in titles
    assert len(_SCRIPT.findall(page)) == 3


def test_rows_carry_verdict_and_priority(run_cli: RunCli) -> None:
    page = _html(run_cli, STATUS_REPO)
    rows = re.findall(r'<tr data-verdict="([a-z-]+)" data-priority="([a-z]+)">', page)
    assert sorted(rows) == sorted(
        [
            ("complete", "critical"),
            ("incomplete", "critical"),
            ("missing", "critical"),
            ("missing", "high"),
            ("complete", "medium"),
            ("not-due", "medium"),
        ]
    )
    assert "Progress by phase" in page
    assert "Phase 1: Foundations (Weeks 1-2)" in page
    assert "policies/DRAFT_NOTES.md" in page  # unplanned, under "Plan and repository"


def test_status_html_is_the_same_page(run_cli: RunCli) -> None:
    check = _html(run_cli, STATUS_REPO)
    status = run_cli("status", str(STATUS_REPO), "--format", "html", "--today", "2026-01-20")
    assert status.exit_code == 0
    assert status.stdout == check


def test_output_is_byte_stable(run_cli: RunCli) -> None:
    assert _html(run_cli, STATUS_REPO) == _html(run_cli, STATUS_REPO)


# --- in a real browser ---------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install -y chromium); the browser test needs it")


def _browse(browser: str, profile: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_report_renders_in_chromium(run_cli: RunCli, hostile_repo: Path, tmp_path: Path) -> None:
    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(_html(run_cli, STATUS_REPO), encoding="utf-8")
    url = page.as_uri()

    shown = _browse(browser, tmp_path / "profile", url, "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert 'data-filters="ready"' in dom  # the filter script ran to its end
    assert '<html lang="en" data-filters="ready">' in dom  # no data-script-errors on <html>
    assert re.search(r'<div id="script-errors" role="alert" hidden="">\s*</div>', dom)
    assert "6 of 6 documents shown" in dom
    console = [line for line in shown.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console

    filtered = _browse(
        browser, tmp_path / "profile", url + "#verdict=missing&priority=critical", "--dump-dom"
    )
    visible = re.findall(r'<tr data-verdict="([a-z-]+)" data-priority="([a-z]+)">', filtered.stdout)
    hidden = re.findall(r'<tr data-verdict="[a-z-]+" data-priority="[a-z]+" hidden="">', filtered.stdout)
    assert visible == [("missing", "critical")]
    assert len(hidden) == 5
    assert "1 of 6 documents shown" in filtered.stdout

    hostile = tmp_path / "hostile.html"
    hostile.write_text(_html(run_cli, hostile_repo), encoding="utf-8")
    attacked = _browse(
        browser, tmp_path / "profile", hostile.as_uri(), "--enable-logging=stderr", "--dump-dom"
    )
    assert 'data-filters="ready"' in attacked.stdout
    assert [line for line in attacked.stderr.splitlines() if ":CONSOLE" in line] == []
    assert "<img" not in attacked.stdout

    screenshot = tmp_path / "report.png"
    shot = _browse(
        browser, tmp_path / "profile", url, f"--screenshot={screenshot}", "--window-size=1280,2000"
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
