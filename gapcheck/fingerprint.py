"""A finding's fingerprint: the identity it keeps while the document around it changes.

The same value is SARIF's `partialFingerprints["gapcheck/v1"]` and a baseline
entry's key. It hashes the code, the file, the schema section and the message
with every number replaced, so it survives lines being added above the
finding and counts or dates in the message changing ("3 open items" becomes
"4 open items"). It leaves out the line and the requirement: messages about a
requirement (missing, claimed, waiver expired) already name its path.

Two identical findings in one file (the same placeholder twice) share a
fingerprint; the baseline therefore counts occurrences rather than assuming
fingerprints are unique.
"""

from __future__ import annotations

import hashlib
import re

from gapcheck.model import Finding

FINGERPRINT_KEY = "gapcheck/v1"
_NUMBER_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")


def normalized_message(message: str) -> str:
    return _SPACE_RE.sub(" ", _NUMBER_RE.sub("0", message)).strip()


def fingerprint(finding: Finding) -> str:
    parts = ("v1", finding.code, finding.path, finding.section or "", normalized_message(finding.message))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
