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

# A throwaway server key for the suite, created 0600 where settings look for it.
if not os.environ.get("WAYPOINT_KEYS") and not os.environ.get("WAYPOINT_KEY_FILE"):
    import base64
    import secrets
    from pathlib import Path

    _key_file = Path(os.environ["WAYPOINT_DATA_DIR"]) / "keys"
    if not _key_file.exists():
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _fd = os.open(_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(_fd, "w") as _handle:
            _handle.write(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
