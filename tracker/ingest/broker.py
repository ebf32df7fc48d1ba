"""Which items have a message waiting in the broker: the sweeper's view of the queue.

Celery cannot say whether a task message still exists, but with Redis as the
broker a queue is a plain list of JSON messages: reading it tells which items are
still on their way to a worker, so an item missing from it after a Redis restart is
sent again within one sweep, while an item that is merely far back in a long queue
is left alone. Any other broker answers None ("cannot tell").
"""

import base64
import json
import logging

import redis
from celery import current_app
from django.conf import settings

log = logging.getLogger(__name__)

# kombu's Redis transport keeps one list per queue and priority step:
# "celery", "celery\x06\x163", "celery\x06\x166", "celery\x06\x169".
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (0, 3, 6, 9)
BATCH = 1000


def waiting_item_ids(task_name: str) -> set[int] | None:
    """Ids of the items whose `task_name` message waits in a queue, or None."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    try:
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        ids: set[int] = set()
        for key in queue_keys():
            for start in range(0, client.llen(key), BATCH):
                for raw in client.lrange(key, start, start + BATCH - 1):
                    item_id = item_of(raw, task_name)
                    if item_id is not None:
                        ids.add(item_id)
        return ids
    except redis.RedisError as error:
        log.warning("Could not read the broker's queues: %s", error)
        return None


def queue_keys() -> list[str]:
    names = {queue.name for queue in current_app.amqp.queues.values()}
    names.add(current_app.conf.task_default_queue or "celery")
    return [
        f"{name}{PRIORITY_SEPARATOR}{step}" if step else name
        for name in sorted(names)
        for step in PRIORITY_STEPS
    ]


def item_of(raw: bytes, task_name: str) -> int | None:
    """The item id a queued message carries, if it is a `task_name` message."""
    try:
        message = json.loads(raw)
        if message.get("headers", {}).get("task") != task_name:
            return None
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
        return int(args[0])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
