"""Zero-setup mode: no broker, no worker, so the web request runs its items itself.

Nothing would come back later for a retry or for an item whose request died, so
this module makes sure each item ends: a passing fetch failure is tried again after
a short wait while the request's budget (INGEST_INLINE_RETRY_SECONDS) lasts, then
fails with its reason; an item whose request stopped is failed when someone looks
at the runs.
"""

import logging
import time

from django.conf import settings
from django.utils import timezone

from tracker.ingest import leases, service
from tracker.models import IngestItem

log = logging.getLogger(__name__)
Status = IngestItem.Status
# Waits of 1, 2, 4 ... seconds between tries, within the budget.
FIRST_WAIT = 1.0


def process(item_id: int, *, retry_until: float | None = None) -> service.Outcome:
    """Process the item here, retrying a passing failure after a short wait while
    `retry_until` (a time.time()) allows, then fail it with the reason."""
    if retry_until is None:
        retry_until = time.time() + settings.INGEST_INLINE_RETRY_SECONDS
    wait = FIRST_WAIT
    while True:
        try:
            return service.process_item(item_id)
        except service.RetryLater as later:
            if time.time() + wait > retry_until:
                attempts = IngestItem.objects.get(pk=item_id).attempts
                reason = (
                    f"{later} (시도 {attempts}회 후 중단: 나중에 다시 시도할 작업자가 "
                    f"없습니다 — gave up after {attempts} attempts: no background "
                    "worker to retry later; set REDIS_URL and run one)"
                )
                leases.give_up(item_id, reason)
                return service.Outcome(Status.FAILED, reason=reason)
            time.sleep(wait)
            wait *= 2
        except Exception:  # a bug must not leave the item waiting for ever
            log.exception("Item %s failed while processed in the web request", item_id)
            reason = "처리 중 오류가 났습니다 (internal error while processing; see the server log)."
            leases.give_up(item_id, reason)
            return service.Outcome(Status.FAILED, reason=reason)


def fail_orphans() -> int:
    """Fail the items whose request stopped before finishing them."""
    return leases.orphans(
        timezone.now(),
        reason=(
            "처리하던 요청이 끝나기 전에 멈췄습니다: 작업자가 없어 이어서 처리할 수 "
            "없습니다 (the request processing this stopped before it finished; with "
            "no background worker nothing resumes it — upload it again)."
        ),
    )
