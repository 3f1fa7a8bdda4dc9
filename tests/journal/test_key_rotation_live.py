"""docs/encryption.md's rotation, run against a live server that is never restarted.

gunicorn serves throughout; each keys_* step runs as its own `manage.py`, as an operator would.
Before Waypoint re-read its key file, the worker kept the keys it started with: a newcomer's
data key was wrapped with the old key, and after keys_retire every person got a server error.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.machines import Machine, empty_databases

WORDS = "SENTINEL-rotation-" + uuid.uuid4().hex
PEOPLE = """
from accounts.models import User
from accounts.sessions import SessionStore
from journal.services import entry_create
tokens = []
for email, writes in (("river@example.com", True), ("newcomer@example.com", False)):
    person = User.objects.create_user(email, "a long gentle password 9")
    if writes:
        entry_create(author=person, body="words", title={title!r})
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.save()
    tokens.append(session.token)
print(" ".join(tokens))
"""
WRAPPED_WITH = """
from journal.models import DataKey
print(sorted(DataKey.objects.values_list("user__email", "server_key_id")))
"""


def _get(base: str, path: str, token: str) -> tuple[int, str]:
    # Loopback only: the machine's own gunicorn.
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": f"sessionid={token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _write(base: str, token: str, words: str) -> int:
    csrf = uuid.uuid4().hex
    form = {
        "csrfmiddlewaretoken": csrf,
        "entry_id": str(uuid.uuid4()),
        "version": "0",
        "title": words,
        "body": words,
        # The day where the server is (TIME_ZONE), as its editor offers it. date.today() agreed
        # only because Django sets this process's zone from the same setting.
        "written_on": timezone.localdate().isoformat(),
        "kind": "free",
    }
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}/journal/new/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": f"sessionid={token}; csrftoken={csrf}"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Machine]:
    with empty_databases(1) as (url,):
        machine = Machine(tmp_path / "clinic", url)
        machine.manage("setup")
        # The suite collected the static files once already (tests/conftest.py): share them.
        (machine.data_dir / "static").symlink_to(settings.STATIC_ROOT, target_is_directory=True)
        yield machine


def _reads_own_journal(base: str, token: str, words: str) -> bool:
    status, page = _get(base, "/journal/", token)
    assert status == 200, f"the journal answered {status}"
    return words in page


def test_the_whole_rotation_runs_under_a_live_server_with_no_restart_and_no_error(machine: Machine) -> None:
    river, newcomer = machine.shell(PEOPLE.format(title=WORDS)).split()
    with machine.serving() as base:
        assert _reads_own_journal(base, river, WORDS)

        machine.manage("keys_add")
        assert _reads_own_journal(base, river, WORDS)

        machine.manage("keys_activate", "k2")
        # The newcomer's first words make their data key, in the running worker: with k2.
        first_words = "SENTINEL-first-" + uuid.uuid4().hex
        assert _write(base, newcomer, first_words) == 302
        wrapped = machine.shell(WRAPPED_WITH)
        assert "('newcomer@example.com', 'k2')" in wrapped
        assert "('river@example.com', 'k1')" in wrapped

        machine.manage("keys_rewrap")
        machine.manage("keys_retire", "k1")

        assert _reads_own_journal(base, river, WORDS)
        assert _reads_own_journal(base, newcomer, first_words)
        assert _write(base, river, "after the rotation") == 302
    assert machine.shell(WRAPPED_WITH) == "[('newcomer@example.com', 'k2'), ('river@example.com', 'k2')]"
    assert "items decrypt" in machine.manage("keys_verify").stdout
