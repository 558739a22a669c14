"""Two job runners never run the same job at once: the lease in ``job_leases``."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from goldlabel.db.engine import Database
from goldlabel.services.jobs import Job, run_due, take_lease


def test_one_holder_at_a_time_until_the_lease_runs_out(database: Database) -> None:
    assert take_lease(database, "final_labels", "a")
    assert not take_lease(database, "final_labels", "b")
    assert take_lease(database, "final_labels", "a")  # renewed
    assert take_lease(database, "other", "b")  # another job's lease is another row
    assert take_lease(database, "short", "a", ttl=timedelta(seconds=-1))  # already run out
    assert take_lease(database, "short", "b")


def test_two_runners_never_run_the_job_together(database: Database) -> None:
    running = 0
    most = 0
    ran: list[str] = []
    lock = threading.Lock()

    def work(holder: str) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            ran.append(holder)
        time.sleep(0.05)
        with lock:
            running -= 1

    barrier = threading.Barrier(2)

    def runner(holder: str) -> None:
        job = Job("final_labels", lambda _db: work(holder))
        barrier.wait()
        for _ in range(5):
            run_due(database, (job,), holder)

    threads = [threading.Thread(target=runner, args=(h,)) for h in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1
    assert len(ran) == 5 and len(set(ran)) == 1  # the holder's 5 rounds; the other never ran it
