"""Errors that end a run with exit code 2: bad usage, configuration or schema."""

from __future__ import annotations

from typing import Self


class GapcheckError(Exception):
    """A problem with the user's input that gapcheck reports in one line and exit code 2."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key

    @classmethod
    def invalid_yaml(cls, exc: Exception, path: str) -> Self:
        """`invalid YAML: <problem>` at the line PyYAML marks, for a file that does not parse."""
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return cls(f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark is not None else None)

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        if self.key:
            where = f"{where}: {self.key}" if where else self.key
        return f"{where}: {self.message}" if where else self.message


class ConfigError(GapcheckError):
    """The configuration file is invalid."""


class SchemaError(GapcheckError):
    """A document schema or rule pack is invalid."""


class PlanReadError(GapcheckError):
    """A plan file cannot be read."""
