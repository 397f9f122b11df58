"""Test settings: the real settings, read from a test environment, with fast password hashing.

Set before the real settings are read, so the same typed checks run. Browser tests need cookies
over plain http on 127.0.0.1, so secure cookies are off here (a test checks they are on in
production mode).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault(
    "SCRUTINEER_SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789"
)
os.environ.setdefault("SCRUTINEER_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SCRUTINEER_SECURE_COOKIES", "false")
os.environ.setdefault("SCRUTINEER_EMAIL_BACKEND", "locmem")
os.environ.setdefault("SCRUTINEER_PSEUDONYM_KEY", "tests-only-pseudonym-key-that-is-long-enough")

from scrutineer.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Loading the demo does not import the DfE's files (seconds each time); the benchmark tests
# import what they need themselves.
DEMO_BENCHMARKS = False
# Background tasks run at once, in the test, rather than waiting for a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Nor does it generate and publish the synthetic case-level snapshot (seconds each time); the
# case-level demo's tests turn it on.
DEMO_CASEDATA = False

# Snapshots the tests write go to a folder of this run's own, never into the project's var/,
# so no test can lean on what an earlier run left there.
CASEDATA_DIR = Path(tempfile.mkdtemp(prefix="scrutineer-test-casedata-"))
