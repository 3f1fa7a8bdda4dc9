"""Uploaded files stay in memory, never in a temporary file.

Django writes an upload over 2.5 MB to the temp folder as it arrives and deletes it once the
request ends. An import is someone's whole journal in plain text: when a slow phone's upload
outlasted gunicorn's timeout, the worker was killed mid-request and the file stayed in /tmp,
readable to anyone who could read that user's files, long after an account deletion.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps the first FILE_UPLOAD_MAX_MEMORY_SIZE bytes of each file, whatever its size.

    The rest is read and dropped, so memory stays bounded, and a file one byte longer than the
    largest import is still seen as too large (journal/portability.py says so kindly).
    """

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        # Django's version steps aside for a large body and lets the next handler write it to disk.
        self.activated = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = settings.FILE_UPLOAD_MAX_MEMORY_SIZE - start
        if room > 0:
            self.file.write(raw_data[:room])
