"""Static files as `make run` serves them: whitenoise's compressed, hashed names, each looked up once.

Every page links a dozen static files, and turning a name into its hashed URL walks the manifest,
splits and unquotes the URL each time. The answer cannot change while the manifest is the same,
so each process keeps it, and starts again whenever collectstatic gives it a new manifest.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # whitenoise has no types
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: tuple[object, dict[str, str]] = (self.hashed_files, {})

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return str(super().url(name, force))
        manifest, urls = self._urls
        if manifest is not self.hashed_files:  # collectstatic wrote a new manifest in this process
            manifest, urls = self._urls = (self.hashed_files, {})
        found = urls.get(name)
        if found is None:
            found = urls[name] = str(super().url(name))
        return found
