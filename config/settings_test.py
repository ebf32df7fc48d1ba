"""Settings for pytest: the same module, with fast hashing and no outside effects."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests call tasks in-process unless a test asks for a real worker (tests/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Export slots are shared by every process on the machine: not with other test runs.
EXPORT_SLOTS_DIR = tempfile.mkdtemp(prefix="tracker-test-export-slots-")
