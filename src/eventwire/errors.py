"""One exception tree. Every message says what was expected, what came, and how to fix it.

EventwireError
├── InputError          a file, line or value a user gave cannot be read
├── PipelineError       stages are missing, misordered or failed
├── StoreError          the database cannot be opened, migrated or written
└── MissingCapability   a feature needs something that is not installed
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """Input that cannot be read: names the file (and line) and says how to fix it."""

    def __init__(self, message: str, *, origin: str = "") -> None:
        self.origin = origin
        super().__init__(f"{origin}: {message}" if origin else message)


class PipelineError(EventwireError):
    """A pipeline that cannot be built or a stage that failed."""


class StoreError(EventwireError):
    """The event store cannot be opened, migrated or written."""


class MissingCapability(EventwireError):
    """A feature needs a package or model that is not installed; the message names the command."""
