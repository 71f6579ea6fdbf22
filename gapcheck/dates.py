"""Date helpers shared by the plan parser, the schedule and the review check."""

from __future__ import annotations

import datetime as dt
import re

_PERIOD = re.compile(r"\b(week|month)s?\s+(\d{1,3})(?:\s*(?:-|–|—|to)\s*(\d{1,3}))?", re.IGNORECASE)


def as_date(value: object) -> dt.date | None:
    """A date from YAML (date or datetime) or text in YYYY-MM-DD form; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day))


def period_end(start: dt.date, label: str | None) -> dt.date | None:
    """The last day of the last week or month a label like "Week 5-6" or "(Months 4-6)" names."""
    match = _PERIOD.search(label or "")
    if match is None:
        return None
    last = int(match[3] or match[2])
    if last < 1:
        return None
    if match[1].lower() == "week":
        return start + dt.timedelta(days=7 * last - 1)
    return add_months(start, last) - dt.timedelta(days=1)
