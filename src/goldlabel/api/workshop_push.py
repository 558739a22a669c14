"""Server push of live workshops: one poller per active workshop per server process, fanning out
to that process's Server-Sent-Events listeners.

The state lives in the database only, so any number of server processes serve the same
workshop: a change (an answer, a reveal, the next item) grows ``workshops.revision`` in its own
transaction, and each process's poller reads that one integer by primary key every
``POLL_INTERVAL_S`` (at once when a request of its own process just changed the workshop:
``poke``). When it moved, the poller loads the workshop's ``Snapshot`` once and hands
it to every listener of the process; each listener cuts its own view from it
(``workshop_views.state_for``). Fifty listeners cost one read per change per process; a burst of
answers within one interval costs one snapshot. No broker is needed (a Redis pub/sub would
only save the poll, ~7 indexed reads a second per active workshop per process).

A listener keeps only the latest snapshot: every event is the whole state, so one that falls
behind skips to the newest instead of queueing stale ones. The poller stops a few seconds after
its last listener leaves. Everything here runs on the event loop; the reads go through
``Database.run`` like any request's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from goldlabel.core.errors import NotFound
from goldlabel.db.engine import Database
from goldlabel.services import workshops
from goldlabel.services.workshop_views import Snapshot

log = logging.getLogger("goldlabel.workshops")
POLL_INTERVAL_S = 0.1
IDLE_STOP_S = 5.0  # a poller with no listener for this long stops
ERROR_BACKOFF_S = 1.0


@dataclass(eq=False)
class Listener:
    """One SSE connection: the newest snapshot not yet sent, and a flag to wake it."""

    latest: Snapshot | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    gone: bool = False  # the workshop was deleted

    def offer(self, snapshot: Snapshot) -> None:
        self.latest = snapshot
        self.changed.set()

    def take(self) -> Snapshot | None:
        self.changed.clear()
        snapshot, self.latest = self.latest, None
        return snapshot


@dataclass(eq=False)
class _Channel:
    workshop_id: int
    listeners: set[Listener] = field(default_factory=set)
    snapshot: Snapshot | None = None
    task: asyncio.Task[None] | None = None
    wake: asyncio.Event = field(default_factory=asyncio.Event)


class WorkshopHub:
    """The pollers and listeners of one server process (one per app, made on first use)."""

    def __init__(self, database: Database, *, interval_s: float = POLL_INTERVAL_S) -> None:
        self.database = database
        self.interval_s = interval_s
        self._channels: dict[int, _Channel] = {}

    def poke(self, workshop_id: int) -> None:
        """A change was just committed by this process: poll now instead of at the next tick
        (listeners on other processes see it at their next tick)."""
        channel = self._channels.get(workshop_id)
        if channel is not None:
            channel.wake.set()

    def pollers(self) -> int:
        """How many workshops this process polls now (tests check one per workshop)."""
        return sum(1 for c in self._channels.values() if c.task is not None and not c.task.done())

    @contextlib.asynccontextmanager
    async def listen(self, workshop_id: int) -> AsyncIterator[Listener]:
        channel = self._channels.get(workshop_id)
        if channel is None:
            channel = self._channels[workshop_id] = _Channel(workshop_id)
        listener = Listener()
        channel.listeners.add(listener)
        if channel.snapshot is not None:
            listener.offer(channel.snapshot)  # the current state at once; the poller sends changes
        if channel.task is None or channel.task.done():
            channel.task = asyncio.get_running_loop().create_task(self._poll(channel))
        try:
            yield listener
        finally:
            channel.listeners.discard(listener)

    async def _poll(self, channel: _Channel) -> None:
        wid = channel.workshop_id
        seen: int | None = None
        idle_since: float | None = None
        loop = asyncio.get_running_loop()
        try:
            while True:
                if not channel.listeners:
                    idle_since = idle_since or loop.time()
                    if loop.time() - idle_since >= IDLE_STOP_S:
                        return
                else:
                    idle_since = None
                try:
                    current = await self.database.run(lambda db: workshops.revision(db, wid))
                    if current is None:
                        for listener in channel.listeners:
                            listener.gone = True
                            listener.changed.set()
                        return
                    if current != seen:
                        snapshot = await self.database.run(lambda db: workshops.snapshot(db, wid))
                        seen = snapshot.revision
                        channel.snapshot = snapshot
                        for listener in list(channel.listeners):
                            listener.offer(snapshot)
                except NotFound:
                    continue  # deleted between the two reads: the next read says so
                except Exception:  # a database hiccup must not end the push for everyone
                    log.exception("workshop %s: poll failed", wid)
                    await asyncio.sleep(ERROR_BACKOFF_S)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(channel.wake.wait(), self.interval_s)
                channel.wake.clear()
        finally:
            if self._channels.get(wid) is channel and not channel.listeners:
                del self._channels[wid]


def hub_of(app: Any) -> WorkshopHub:
    """The process's hub, kept on the app's state (made lazily: after a fork, in the worker)."""
    hub = getattr(app.state, "workshop_hub", None)
    if hub is None:
        hub = WorkshopHub(app.state.database)
        app.state.workshop_hub = hub
    return hub


def poke(app: Any, workshop_id: int) -> None:
    """After a change committed by a request of this process: wake its poller of the workshop,
    if it has one (a process nobody listens to makes none)."""
    hub = getattr(app.state, "workshop_hub", None)
    if hub is not None:
        hub.poke(workshop_id)
