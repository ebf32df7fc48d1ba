"""Celery tasks: thin wrappers that take ids, call a service and return a small result."""

import os
import socket

from celery import shared_task


@shared_task
def ping(value: str) -> dict:
    """Round trip for health checks: proves a worker took the task and stored a result."""
    return {"pong": value, "host": socket.gethostname(), "pid": os.getpid()}
