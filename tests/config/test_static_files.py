"""Static file URLs are looked up once per manifest, and a new manifest is used at once."""

from __future__ import annotations

from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

from config.static_files import StaticFilesStorage


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
