"""Per-request dataloader of the discrepancies of settlements, one query per batch."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection
from strawberry.dataloader import DataLoader

from hub.read_models import DiscrepancyRecord, discrepancies_for_settlements


class DiscrepanciesBySettlementIdLoader(DataLoader[str, list[DiscrepancyRecord]]):
    """A settlement's discrepancies, oldest first."""

    def __init__(self, connection: Callable[[], Connection]) -> None:
        self._connection = connection
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[str]) -> list[list[DiscrepancyRecord]]:
        found = discrepancies_for_settlements(self._connection(), list(dict.fromkeys(keys)))
        return [found[key] for key in keys]
