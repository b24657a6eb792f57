"""The sync contract every registered adapter with a simulator keeps, run against that simulator on a socket.

Like the acceptance tests of trusted connector frameworks: two full reads give identical events; a read
from the last checkpoint yields only objects changed at or after it (after the simulator changes some
objects, only those); a checkpoint in the future yields nothing; resuming from every intermediate
checkpoint converges to the events of the full read. A new adapter is covered by giving it a simulator.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.toolkit import Adapter, MappingContext
from adapters.toolkit.http import PartnerClient, bearer_auth
from adapters.toolkit.simulation import start_simulator
from adapters.toolkit.streams import ConnectionSettings, Stream
from canonical_model.event_format import event_to_record
from canonical_model.events import Event
from hub.registry import ADAPTERS
from tests.adapters.toolkit.fakes import FAST_RETRIES

SIMULATED = sorted((name, adapter) for name, adapter in ADAPTERS.items() if adapter.simulator and adapter.streams)
FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
# Small pages, so reads have intermediate checkpoints (adapters that know no page size ignore it).
PAGE_OPTIONS = {"page_size": 10, "finance_page_size": 10, "overlap_minutes": 0}
MOST_CHECKPOINTS_RESUMED = 8
# What identifies an event's content: the document it travelled in (page boundaries) and when it was read do not.
_NOT_CONTENT = ("payload_hash", "payload_pointer", "recorded_at")


@dataclass(frozen=True)
class Read:
    """One read of a stream: each page's events and the checkpoint after it."""

    pages: list[tuple[str | None, list[Event]]]

    @property
    def events(self) -> dict[str, str]:
        return content(event for _, events in self.pages for event in events)

    @property
    def final_cursor(self) -> str | None:
        return next((cursor for cursor, _ in reversed(self.pages) if cursor is not None), None)


def content(events: Iterator[Event] | list[Event]) -> dict[str, str]:
    """Event id -> its canonical content; an object read twice must state the same content twice."""
    found: dict[str, str] = {}
    for event in events:
        record = {key: value for key, value in event_to_record(event).items() if key not in _NOT_CONTENT}
        found[event.id] = json.dumps(record, sort_keys=True, default=str)
    return found


def objects(events: dict[str, str]) -> set[str]:
    """The source objects, orders and references the events are about."""
    named: set[str] = set()
    for record in map(json.loads, events.values()):
        named.add(str(record["source"]["object_id"]))
        named.update(str(reference) for reference in record["references"])
        if record["order"]:
            named.add(str(record["order"]["external_id"]))
    return named


class Contract:
    """An adapter's simulator on a socket and the way to read its streams from a checkpoint."""

    def __init__(self, adapter: Adapter, url: str) -> None:
        self.adapter = adapter
        self.settings = ConnectionSettings(f"{adapter.name}-contract", adapter.name, f"{adapter.name}-account", url,
                                           dict(adapter.simulator_credentials),
                                           {**adapter.simulator_options, **PAGE_OPTIONS})

    def events_of(self, body: bytes) -> list[Event]:
        context = MappingContext(self.settings.account, hashlib.sha256(body).hexdigest(),
                                 self.settings.options.get("currency"))
        return [event for found in self.adapter.split(self.adapter.parse(body))
                for event in self.adapter.map_object(found, context)]

    async def read(self, stream: Stream, cursor: str | None) -> Read:
        pages = []
        async with PartnerClient(self.settings, None, auth=self.adapter.auth_headers or bearer_auth,
                                 retry=FAST_RETRIES) as client:
            async for page in stream.fetch(client, self.settings, cursor):
                pages.append((page.cursor, [event for _, body in page.documents for event in self.events_of(body)]))
        return Read(pages)

    async def touch(self, count: int = 3) -> set[str]:
        async with httpx.AsyncClient(base_url=self.settings.base_url) as http:
            response = await http.post("/_simulator/touch", json={"orders": count, "advance_hours": 24})
        response.raise_for_status()
        # `changed`: objects that changed in consequence (a payout made as the clock moved on).
        answer = response.json()
        return {str(name) for name in answer["touched"] + answer.get("changed", [])}


def run_contract(adapter: Adapter, check: Any) -> None:
    async def main() -> None:
        runner, url = await start_simulator(adapter.simulator(seed=7, rate_limit=None))
        try:
            await check(Contract(adapter, url))
        finally:
            await runner.cleanup()

    asyncio.run(main())


@pytest.fixture(params=SIMULATED, ids=[name for name, _ in SIMULATED])
def adapter(request: pytest.FixtureRequest) -> Adapter:
    return request.param[1]


def test_two_full_reads_give_identical_events(adapter: Adapter) -> None:
    async def check(contract: Contract) -> None:
        for stream in adapter.streams:
            first, second = await contract.read(stream, None), await contract.read(stream, None)
            assert first.events == second.events, f"{stream.name}: a second full read differs"
        assert any([(await contract.read(stream, None)).events for stream in adapter.streams]), "the simulator serves data"

    run_contract(adapter, check)


def test_a_checkpoint_in_the_future_yields_nothing(adapter: Adapter) -> None:
    async def check(contract: Contract) -> None:
        for stream in adapter.streams:
            later = await contract.read(stream, stream.checkpoint_at(FUTURE))
            assert later.events == {}, f"{stream.name}: a checkpoint in 2100 still yields {len(later.events)} events"

    run_contract(adapter, check)


def test_resuming_from_every_checkpoint_converges(adapter: Adapter) -> None:
    async def check(contract: Contract) -> None:
        for stream in adapter.streams:
            full = await contract.read(stream, None)
            checkpoints = [index for index, (cursor, _) in enumerate(full.pages) if cursor is not None]
            step = max(1, len(checkpoints) // MOST_CHECKPOINTS_RESUMED)
            for index in checkpoints[::step]:
                before = content(event for _, events in full.pages[: index + 1] for event in events)
                resumed = await contract.read(stream, full.pages[index][0])
                assert before | resumed.events == full.events, (
                    f"{stream.name}: resuming after page {index + 1} of {len(full.pages)} does not converge")

    run_contract(adapter, check)


def test_an_incremental_read_yields_only_what_changed(adapter: Adapter) -> None:
    async def check(contract: Contract) -> None:
        fulls = {stream.name: await contract.read(stream, None) for stream in adapter.streams}
        quiet = {stream.name: await contract.read(stream, fulls[stream.name].final_cursor) for stream in adapter.streams}
        for name, read in quiet.items():
            assert read.events.items() <= fulls[name].events.items(), f"{name}: nothing changed, yet new events"
            assert len(objects(read.events)) < max(2, len(objects(fulls[name].events))), (
                f"{name}: the read from the last checkpoint re-pulls everything")
        touched = await contract.touch()
        assert touched, "the simulator changed something"
        seen_new: set[str] = set()
        for stream in adapter.streams:
            since = await contract.read(stream, fulls[stream.name].final_cursor)
            allowed = touched | objects(quiet[stream.name].events)
            for event in map(json.loads, since.events.values()):
                about = objects({event["id"]: json.dumps(event)})
                assert about & allowed, f"{stream.name}: read {sorted(about)[:3]}, which did not change"
            fresh = {key: value for key, value in since.events.items() if fulls[stream.name].events.get(key) != value}
            seen_new |= objects(fresh)
        assert seen_new & touched, f"no stream yielded the changes to {sorted(touched)}"

    run_contract(adapter, check)
