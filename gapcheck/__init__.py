"""gapcheck: check a documentation plan against the repository."""

__version__ = "0.1.0"
