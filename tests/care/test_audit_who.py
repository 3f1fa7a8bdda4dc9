"""The audit log's "Who" when nobody acted: a link that ended because its therapist's account
closed says so, on the clinic's page, in its download and in the operator's admin, never a blank."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse

from accounts.deletion import account_delete
from care.models import Clinic, Link, Membership
from care.services import share_entry
from tests.care.conftest import client_for, write
from tests.care.test_therapist_leaves import _admin_saves_members, _row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDED_ON_ITS_OWN = "No one: it ended when the therapist&#x27;s account closed"


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="op@example.com", is_staff=True, is_superuser=True)


def _who_of_the_ended_link(page: str) -> str:
    what = "A link ended because its therapist left the clinic"
    row = re.search(rf"<tr><td>[^<]*</td><td>([^<]*)</td><td>{what}</td>", page)
    assert row is not None, "the ended link is in the log"
    return row.group(1)


@pytest.mark.parametrize("how", ["themselves", "operator"])
def test_a_link_ended_by_an_account_closing_says_so_instead_of_a_blank(
    clinic: Clinic, theo: Any, link: Link, alice: Any, ada: Any, operator: Any, how: str
) -> None:
    share_entry(link=link, entry=write(alice, "A walk by the water"))
    if how == "themselves":
        account_delete(user=theo)
    else:
        response = client_for(operator).post(f"/admin/accounts/user/{theo.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    page = client_for(ada).get(reverse("care:audit")).content.decode()
    assert _who_of_the_ended_link(page) == ENDED_ON_ITS_OWN
    assert "No one: the member&#x27;s account closed" in page, "their place at the clinic went the same way"
    assert "<td></td>" not in page

    download = client_for(ada).get(reverse("care:audit_export"))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    ended = [row for row in rows if row[2] == "A link ended because its therapist left the clinic"]
    assert [row[1] for row in ended] == ["No one: it ended when the therapist's account closed"]

    admin_list = client_for(operator).get("/admin/care/auditevent/").content.decode()
    assert ENDED_ON_ITS_OWN in admin_list

    # The person's side names the therapist they shared with, as before: no blank there either.
    person_page = client_for(alice).get(reverse("care:index")).content.decode()
    assert "<td>Theo Park</td>" in person_page and "<td></td>" not in person_page


def test_a_therapist_removed_from_the_clinic_shows_who_removed_them(
    clinic: Clinic, theo: Any, link: Link, ada: Any, operator: Any
) -> None:
    _admin_saves_members(operator, clinic, [_row(Membership.objects.get(user=theo)) | {"DELETE": "on"}])

    page = client_for(ada).get(reverse("care:audit")).content.decode()
    assert _who_of_the_ended_link(page) == "op@example.com"
