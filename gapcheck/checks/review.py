"""Review dates: a governed document must say when it was last reviewed, and not too long ago."""

from __future__ import annotations

from collections.abc import Iterator

from gapcheck.catalog import DocSchema
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.checks.front_matter import key_line
from gapcheck.dates import as_date
from gapcheck.document import Document
from gapcheck.model import Finding, Severity

REVIEW_MISSING = CodeInfo(
    "GC501",
    "review-missing",
    Severity.ERROR,
    "The document does not say when it was last reviewed.",
    "The type has a review cycle, so its front matter needs a review date (`last_reviewed` "
    "unless the schema names another field).",
)
REVIEW_OVERDUE = CodeInfo(
    "GC502",
    "review-overdue",
    Severity.ERROR,
    "The last review is older than the type's review cycle: the document is stale.",
    "A stale document is reported with the verdict `stale`. The maximum age and the law or "
    "convention behind it come from the document schema.",
)
REVIEW_IN_FUTURE = CodeInfo(
    "GC503",
    "review-in-future",
    Severity.ERROR,
    "The review date lies in the future.",
    "A review cannot have happened after today; the date is probably mistyped.",
)

CODES = (REVIEW_MISSING, REVIEW_OVERDUE, REVIEW_IN_FUTURE)


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    review = schema.review
    if ctx.content_only or review is None or doc.front_matter_error is not None:
        return
    value = (doc.front_matter or {}).get(review.field)
    line = key_line(doc, review.field) or (doc.front_matter_lines or (1, 1))[0]
    reviewed = as_date(value)
    if reviewed is None:
        if value not in (None, ""):
            return  # a malformed date is reported by the front-matter schema check
        yield REVIEW_MISSING.finding(
            doc.path,
            line,
            f"no review date: front matter '{review.field}' is missing",
            hint=f"Add `{review.field}: YYYY-MM-DD` after the next review.",
            source=review.source,
        )
        return
    age = (ctx.today - reviewed).days
    if age < 0:
        yield REVIEW_IN_FUTURE.finding(
            doc.path,
            line,
            f"'{review.field}' is {reviewed.isoformat()}, {-age} days after today ({ctx.today})",
            hint="Use the date the review actually happened.",
            source=review.source,
        )
    elif age > review.max_age_days:
        yield REVIEW_OVERDUE.finding(
            doc.path,
            line,
            f"last reviewed {reviewed.isoformat()}, {age} days ago; "
            f"{schema.name} must be reviewed every {review.max_age_days} days",
            hint=f"Review the document and update '{review.field}'.",
            source=review.source,
        )
