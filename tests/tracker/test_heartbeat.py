"""One heartbeat thread renews every holder's lease, each on its own schedule, and
stops renewing a holder once its block ends."""

import threading
import time
from collections import Counter

from tracker.ingest import heartbeat


def test_one_thread_renews_each_holder_until_its_block_ends():
    calls = Counter()

    with heartbeat.beating(lambda: calls.update(["first"]), 0.05):
        with heartbeat.beating(lambda: calls.update(["second"]), 0.05):
            time.sleep(0.4)
            threads = [t for t in threading.enumerate() if t.name == "lease-heartbeat"]
        ended = calls["second"]
        time.sleep(0.3)

    assert len(threads) == 1
    assert ended >= 2
    # A call already under way when the block ended may finish; no later one runs.
    assert calls["second"] <= ended + 1
    assert calls["first"] >= ended + 2


def test_a_holder_is_first_renewed_after_its_interval_not_at_once():
    calls = Counter()

    with heartbeat.beating(lambda: calls.update(["slow"]), 60):
        time.sleep(0.2)

    assert calls["slow"] == 0


def test_a_failing_renewal_does_not_stop_the_others():
    calls = Counter()

    def broken():
        calls.update(["broken"])
        raise RuntimeError("database gone")

    with (
        heartbeat.beating(broken, 0.05),
        heartbeat.beating(lambda: calls.update(["fine"]), 0.05),
    ):
        time.sleep(0.4)

    assert calls["broken"] >= 2
    assert calls["fine"] >= 2
