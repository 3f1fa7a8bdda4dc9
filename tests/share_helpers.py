"""Share forms as their pages send them, for the share pages of care and supporters alike."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from journal.keyring import UserKeyring


def as_shown(client: Client, url: str, **chosen: Any) -> dict[str, Any]:
    """The Share form as its page sends it: the mark of what the page showed, and what was chosen."""
    page = client.get(url).content.decode()
    mark = re.search(r'name="shown_version" value="([^"]*)"', page)
    return {"shown_version": mark.group(1), **chosen} if mark else chosen


def as_sent(page: str) -> dict[str, list[str]]:
    """The Share form on `page` as pressing Share sends it, as a browser would: its hidden fields
    (the mark, the one-time value), the boxes ticked, and the one chosen in each list."""
    mark = page.index('name="shown_version"' if 'name="shown_version"' in page else 'name="once"')
    form = page[page.rindex("<form", 0, mark) : page.index("</form>", mark)]
    sent: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        sent.setdefault(name, []).append(value)
    for name, value in re.findall(r'<input type="checkbox" name="(\w+)" value="([^"]*)"[^>]*\bchecked\b', form):
        sent.setdefault(name, []).append(value)
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = (
            re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', options)
            or re.findall(r'<option value="([^"]*)"', options)[:1]
        )
        sent[name] = chosen
    return sent


def decryptions(monkeypatch: Any) -> list[dict[str, Any]]:
    """Every decryption from now on, by what it opened (model, field, record_id), never the words:
    a share page opens what it shows, once, and nothing else."""
    opened: list[dict[str, Any]] = []
    decrypt = UserKeyring.decrypt

    def counted(ring: UserKeyring, blob: Any, **where: Any) -> str:
        opened.append(where)
        return decrypt(ring, blob, **where)

    monkeypatch.setattr(UserKeyring, "decrypt", counted)
    return opened
