"""Partner simulators served from their own event loop on a thread, so child processes can poll them."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from adapters.toolkit.simulation import start_simulator


@contextmanager
def threaded_simulators(apps: dict[str, web.Application]) -> Iterator[dict[str, str]]:
    """Each app on a loopback port for the duration of the block; yields their base URLs by name."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    started = {name: asyncio.run_coroutine_threadsafe(start_simulator(app), loop).result(10)
               for name, app in apps.items()}
    try:
        yield {name: url for name, (_, url) in started.items()}
    finally:
        for runner, _ in started.values():
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
