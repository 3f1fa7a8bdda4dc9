"""What a supporter is shown and sends back is as private at rest as the person's own writing."""

from __future__ import annotations

import logging
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from journal import keyring
from journal.services import entry_create
from sharing.copies import copy_read, sealed_text
from sharing.key_rotation import copy_keys_verify
from supporters import services
from supporters.models import Supporter, SupporterReply, SupporterShare
from tests.journal.conftest import own_key_file  # noqa: F401
from tests.prompts.test_privacy import database_bytes, encodings
from tests.share_helpers import as_shown


def _link_url(response: Any) -> str:
    page = response.content.decode()
    start = page.index('id="supporter-link"')
    value = page[page.index('value="', start) + 7 :]
    return value[: value.index('"')].replace("http://testserver", "")


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_of_names_copies_or_replies_in_the_database_logs_or_email(
    alice: Any, alice_client: Client, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    name, email_name, entry_words, plan_words, reply_words = (f"sentinel{uuid.uuid4().hex}" for _ in range(5))
    entry = entry_create(author=alice, title=entry_words, body=entry_words)
    alice_client.post(reverse("safety:plan_step", args=["on_my_own"]), {"body": plan_words, "obstacles": ""})
    alice_client.post(reverse("supporters:people"), {"name": name, "email": f"{email_name}@example.com"})
    supporter = Supporter.objects.get()
    for share in (reverse("supporters:share_entry", args=[entry.id]), reverse("supporters:share_plan")):
        alice_client.post(share, as_shown(alice_client, share, supporter=supporter.id))
    made = alice_client.post(reverse("supporters:link_make", args=[supporter.id]), {"days": 7, "send_email": "on"})
    url = _link_url(made)
    reader = Client()
    reader.post(url, {"open": "1"})
    shown = reader.get(url).content.decode()
    assert entry_words in shown and plan_words in shown, "the copies did reach the supporter"
    reader.post(url, {"body": reply_words})
    assert reply_words in alice_client.get(reverse("supporters:person", args=[supporter.id])).content.decode()

    dump = database_bytes(tmp_path)
    assert alice.email.encode() in dump, "the scan sees plain columns, so it would see plaintext too"
    token = url.rstrip("/").rsplit("/", 1)[1]
    for sentinel in (name, email_name, entry_words, plan_words, reply_words, token):
        for form in encodings(sentinel):
            assert form not in dump, sentinel
        assert sentinel not in caplog.text
    assert len(mail.outbox) == 1
    for sentinel in (name, entry_words, plan_words):
        assert sentinel not in mail.outbox[0].body and sentinel not in mail.outbox[0].subject


@pytest.mark.django_db
def test_key_rotation_moves_supporter_copies_and_replies_and_the_check_opens_them(
    alice: Any,
    own_key_file: Path,  # noqa: F811 (rotation never touches the suite's shared key file)
) -> None:
    supporter = services.supporter_add(owner=alice, name="Sam")
    copy = services.share_entry(supporter=supporter, entry=entry_create(author=alice, body="shared words"))
    link = services.link_make(supporter=supporter, days=7, with_code=False).link
    reply = services.reply_add(link=link, body="thank you")
    out = StringIO()
    call_command("keys_add", stdout=out)
    call_command("keys_activate", "k2", stdout=out)
    with pytest.raises(CommandError, match="shared copies"):
        call_command("keys_retire", "k1", stdout=out)
    call_command("keys_rewrap", stdout=out)
    assert set(SupporterShare.objects.values_list("server_key_id", flat=True)) == {"k2"}
    assert set(SupporterReply.objects.values_list("server_key_id", flat=True)) == {"k2"}
    call_command("keys_retire", "k1", stdout=out)
    keyring.forget_user_keyring(alice)
    copy.refresh_from_db()
    reply.refresh_from_db()
    assert copy_read(copy).body == "shared words"
    assert sealed_text(reply, field="body") == "thank you"
    assert copy_keys_verify() == (2, [])
    SupporterReply.objects.filter(pk=reply.pk).update(body=copy.snapshot)
    checked, failures = copy_keys_verify()
    assert checked == 2 and failures == [f"supporters.SupporterReply {reply.pk}"]
