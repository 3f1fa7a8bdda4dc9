"""Loaded with `-p` before Django starts, so the settings see a test environment.

Tests run with DEBUG off, like `make run`; the secret key and keys are throwaway.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-use-anywhere-else")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("CACHE_URL", "locmem://")
os.environ.setdefault("WAYPOINT_DATA_DIR", tempfile.mkdtemp(prefix="waypoint-test-"))
# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes
# alongside live_server are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
