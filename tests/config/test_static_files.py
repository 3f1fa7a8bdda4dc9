"""Static file URLs are looked up once per manifest, and a new manifest is used at once."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.test import Client

from config.static_files import StaticFilesStorage, without_comments


def test_pages_link_the_hashed_file_and_a_new_manifest_is_used_at_once() -> None:
    storage = getattr(staticfiles_storage, "_wrapped", None)  # the lazy object stands for it
    assert isinstance(storage, StaticFilesStorage)
    first = static("css/waypoint.css")
    # The hashed name from the manifest, so browsers can keep it for a year.
    assert first.startswith("/static/css/waypoint.") and first.endswith(".css") and first != "/static/css/waypoint.css"
    assert static("css/waypoint.css") == first

    saved = storage.hashed_files
    try:
        # What collectstatic does when the stylesheet changes: a new manifest in this process.
        storage.hashed_files = {**saved, "css/waypoint.css": "css/waypoint.0123456789ab.css"}
        assert static("css/waypoint.css") == "/static/css/waypoint.0123456789ab.css"
    finally:
        storage.hashed_files = saved
    assert static("css/waypoint.css") == first


def test_served_scripts_and_stylesheets_leave_out_their_comments(client: Client) -> None:
    """A phone on a weak signal downloads the code, not our notes on it; the code works the same
    (every browser test runs on these copies)."""
    for name, comment in (("js/waypoint.js", "\n  // "), ("css/waypoint.css", "/*")):
        source = (Path(settings.BASE_DIR) / "static" / name).read_text()
        assert comment in source
        response = client.get(static(name))
        served = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        assert comment not in served
        assert len(served) < 0.8 * len(source)
    # Only whole comment lines go: "//" in code (an address, a string) stays.
    code = 'var a = "https://example.org"; // why\n  // note\nvar b = 1;\n'
    assert without_comments("js/x.js", code) == 'var a = "https://example.org"; // why\nvar b = 1;\n'
    assert without_comments("django_htmx/htmx.js", code) == code
