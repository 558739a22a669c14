"""Login rate limiting: a sliding window per key (email, client address).

In-process memory: with several server processes each counts on its own, so the effective
limit is per process; a shared store (Redis) is the scale-out path.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_seconds: float = 60.0) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait if any key has reached the limit of failures, else 0."""
        now = time.monotonic()
        with self._lock:
            wait = 0.0
            for key in keys:
                hits = self._prune(key, now)
                if len(hits) >= self.limit:
                    wait = max(wait, hits[0] + self.window - now)
            return max(1, int(wait + 0.999)) if wait else 0

    def record_failure(self, *keys: str) -> None:
        """Only failed attempts count: people behind one address can all log in."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)
