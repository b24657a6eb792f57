"""The hub's own JSON-lines event format: one canonical event record per line."""

from adapters.canonical.mapping import ADAPTER

__all__ = ["ADAPTER"]
