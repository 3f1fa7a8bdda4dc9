"""Static files as `make run` serves them: whitenoise's compressed, hashed names, each looked up once.

Every page links a dozen static files, and turning a name into its hashed URL walks the manifest,
splits and unquotes the URL each time. The answer cannot change while the manifest is the same,
so each process keeps it, and starts again whenever collectstatic gives it a new manifest.

Our own scripts and stylesheets explain themselves in comments (nearly half of what they weigh
compressed); a phone on a weak signal has no use for them, so the copies collected for serving
leave out whole comment lines of a script and every comment of a stylesheet. The files in
static/ keep them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.files.base import ContentFile, File
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Only whole lines that are a comment: a "//" after code could be inside a string or a URL.
_SCRIPT_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.MULTILINE)
_STYLE_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)


def without_comments(name: str, text: str) -> str:
    """What a served copy of one of our own files holds (tests/config/test_static_files.py)."""
    if name.startswith("js/") and name.endswith(".js"):
        return _SCRIPT_COMMENT_LINE.sub("", text)
    if name.startswith("css/") and name.endswith(".css"):
        return _STYLE_COMMENT.sub("", text)
    return text


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # whitenoise has no types
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: tuple[object, dict[str, str]] = (self.hashed_files, {})

    def _save(self, name: str, content: File) -> str:  # type: ignore[type-arg]
        return str(super()._save(name, self._served(name, content)))

    def file_hash(self, name: str | None, content: File | None = None) -> str | None:  # type: ignore[type-arg]
        # Named for what is served: a server upgraded from copies that kept their comments gets
        # new names, not the old files under the old ones (collectstatic skips names it has).
        return super().file_hash(name, None if content is None else self._served(name, content))  # type: ignore[no-any-return]

    @staticmethod
    def _served(name: str | None, content: File) -> File:  # type: ignore[type-arg]
        if name is None or not name.startswith(("js/", "css/")):
            return content
        content.seek(0)
        text = content.read()
        return ContentFile(without_comments(name, text.decode() if isinstance(text, bytes) else text).encode())

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
