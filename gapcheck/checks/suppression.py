"""Codes about suppressions themselves. The logic lives in gapcheck.suppress.

A suppression that names a code gapcheck does not know would silently do
nothing (or, for `gapcheck-enable`, silently keep everything below it
disabled), so it is reported.
"""

from __future__ import annotations

from gapcheck.checks._base import CodeInfo
from gapcheck.model import Severity

UNKNOWN_SUPPRESSION = CodeInfo(
    "GC801",
    "unknown-suppression-code",
    Severity.WARNING,
    "A suppression names a code that does not exist.",
    "A `<!-- gapcheck-disable ... -->` comment or a front-matter `gapcheck: {ignore: [...]}` "
    "names something that is neither a finding code (GC301) nor a rule name "
    "(missing-section). Such a suppression has no effect; `gapcheck rules` lists the codes.",
)

CODES = (UNKNOWN_SUPPRESSION,)
