"""The person re-reads the copy their therapist sees, with its own history, and can stop sharing it there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, expect

from care.models import AuditEvent, Link, SharedItem, ShareEvent
from care.services import share_entry, share_plan
from care.suggestions import plan_suggestion_create
from journal.services import EntryContent, entry_update
from safety.services import plan_contact_add, plan_step_save
from tests.care.conftest import client_for, link_people, therapist_of, write
from tests.e2e.conftest import assert_accessible, sign_in


def _url(item: SharedItem) -> str:
    return reverse("care:shared_copy", args=[item.id])


@pytest.mark.django_db
def test_the_person_reads_the_entry_they_shared_and_who_has_it(link: Link, alice: Any, alice_client: Client) -> None:
    item = share_entry(link=link, entry=write(alice, "The words I chose to share", title="Tuesday"))
    response = alice_client.get(_url(item))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The words I chose to share" in page and "Tuesday" in page
    assert "What <bdi>Theo Park</bdi> sees" in page and "Harbour Clinic" in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_person_reads_the_safety_plan_they_shared_without_the_people_in_it(
    link: Link, alice: Any, alice_client: Client
) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music and a blanket", obstacles="Being tired")
    plan_contact_add(owner=alice, name="Robin Private", phone="07000 000000", section="people")
    item = share_plan(link=link)
    page = alice_client.get(_url(item)).content.decode()
    assert "Music and a blanket" in page and "Being tired" in page
    assert "Robin Private" not in page and "07000 000000" not in page


@pytest.mark.django_db
def test_it_shows_the_copy_as_shared_not_later_changes(link: Link, alice: Any, alice_client: Client) -> None:
    entry = write(alice, "What I wrote at first")
    item = share_entry(link=link, entry=entry)
    entry_update(
        entry=entry,
        expected_version=entry.version,
        content=EntryContent(title="", body="What I wrote later", written_on=entry.written_on),
    )
    page = alice_client.get(_url(item)).content.decode()
    assert "What I wrote at first" in page and "What I wrote later" not in page


@pytest.mark.django_db
def test_it_lists_what_happened_to_this_copy_only(link: Link, alice: Any, alice_client: Client) -> None:
    item = share_entry(link=link, entry=write(alice, "opened one"))
    other = share_entry(link=link, entry=write(alice, "never opened"))
    client_for(link.therapist).get(reverse("care:shared_item", args=[link.id, item.id]))
    client_for(link.therapist).get(reverse("care:shared_item", args=[link.id, item.id]))
    page = alice_client.get(_url(item)).content.decode()
    assert page.count("Opened by your therapist") == 2
    assert "Shared" in page
    assert "Opened by your therapist" not in alice_client.get(_url(other)).content.decode()


@pytest.mark.django_db
def test_opening_it_adds_no_therapist_opened_event_and_nothing_to_the_audit_log(
    link: Link, alice: Any, alice_client: Client
) -> None:
    item = share_entry(link=link, entry=write(alice, "mine to re-read"))
    audit_before = AuditEvent.objects.count()
    for _ in range(2):
        assert alice_client.get(_url(item)).status_code == 200
    assert not ShareEvent.objects.filter(item_id=item.id, action=ShareEvent.Action.VIEWED).exists()
    assert list(ShareEvent.objects.filter(item_id=item.id).values_list("action", flat=True)) == ["shared"]
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_another_person_gets_not_found(link: Link, alice: Any, theo: Any, bob: Any) -> None:
    item = share_entry(link=link, entry=write(alice, "only for Theo"))
    link_people(theo, bob)
    for user in (bob, theo):
        response = client_for(user).get(_url(item))
        assert response.status_code == 404
        assert "only for Theo" not in response.content.decode()


@pytest.mark.django_db
def test_a_copy_on_an_ended_link_is_not_found(link: Link, alice: Any, alice_client: Client) -> None:
    item = share_entry(link=link, entry=write(alice, "from an old link"))
    Link.objects.filter(pk=link.pk).update(ended_at=timezone.now())
    response = alice_client.get(_url(item))
    assert response.status_code == 404
    assert "from an old link" not in response.content.decode()


@pytest.mark.django_db
def test_stopping_sharing_from_the_page_ends_it_and_the_page_is_gone(
    link: Link, alice: Any, alice_client: Client
) -> None:
    item = share_entry(link=link, entry=write(alice, "changed my mind"))
    page = alice_client.get(_url(item)).content.decode()
    assert f'action="{reverse("care:share_stop", args=[item.id])}"' in page
    response = alice_client.post(reverse("care:share_stop", args=[item.id]), follow=True)
    assert "Sharing stopped." in response.content.decode()
    assert not SharedItem.objects.filter(pk=item.pk).exists()
    assert alice_client.get(_url(item)).status_code == 404


@pytest.mark.django_db
def test_a_pending_suggestion_points_back_to_where_the_person_decides(
    link: Link, alice: Any, alice_client: Client
) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = share_plan(link=link)
    assert "suggested a change" not in alice_client.get(_url(item)).content.decode()
    plan_suggestion_create(item=item, section="on_my_own", body="Music, then a walk", therapist=therapist_of(link))
    page = alice_client.get(_url(item)).content.decode()
    assert "<bdi>Theo Park</bdi> suggested a change to this plan." in page
    assert "Your therapist suggested a change" in page, "the copy's history shows it too"


@pytest.mark.django_db
def test_the_care_page_links_to_each_copy_and_log_rows_link_only_while_shared(
    link: Link, alice: Any, alice_client: Client
) -> None:
    kept = share_entry(link=link, entry=write(alice, "kept"))
    stopped = share_entry(link=link, entry=write(alice, "stopped"))
    index = reverse("care:index")
    page = alice_client.get(index).content.decode()
    assert page.count(f'href="{_url(kept)}"') == 2, "from the shared list and from its log row"
    assert page.count(f'href="{_url(stopped)}"') == 2
    alice_client.post(reverse("care:share_stop", args=[stopped.id]))
    page = alice_client.get(index).content.decode()
    assert page.count(f'href="{_url(kept)}"') == 2
    assert _url(stopped) not in page, "its log rows stay, without a link to a copy that is gone"


@pytest.mark.django_db
def test_the_page_stays_within_its_query_budget(
    link: Link, alice: Any, alice_client: Client, django_assert_max_num_queries: Any
) -> None:
    item = share_entry(link=link, entry=write(alice, "a few words"))
    alice_client.get(_url(item))  # the first request of a session records it; not this page's cost
    for _ in range(20):
        client_for(link.therapist).get(reverse("care:shared_item", args=[link.id, item.id]))
    # Four of its own (copy, name, history, suggestions), however often it was opened; the rest is
    # what every signed-in page pays (session, user, session list, crisis strip, header).
    with django_assert_max_num_queries(14):
        assert alice_client.get(_url(item)).status_code == 200


@pytest.fixture
def _static_by_plain_names(settings: Any) -> None:
    # live_server finds static files by their plain names; the manifest's hashed names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def phone_context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    context = browser.new_context(color_scheme=request.param, viewport={"width": 390, "height": 844})
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_static_by_plain_names")
@pytest.mark.parametrize("phone_context", ["light", "dark"], indirect=True)
def test_the_person_opens_their_shared_copy_by_keyboard_and_stops_sharing_it(
    phone_context: BrowserContext, live_server: Any, link: Link, alice: Any
) -> None:
    share_entry(link=link, entry=write(alice, "A long shift, and I went for a walk after", title="Tuesday"))
    plan_step_save(owner=alice, section="on_my_own", body="Music and a blanket", obstacles="")
    share_plan(link=link)
    page = phone_context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/care/")
    assert_accessible(page)

    shared = page.get_by_role("region", name="What you are sharing")
    shared.get_by_role("link", name="Journal entry", exact=False).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="What Theo Park sees", level=1)).to_be_visible()
    expect(page.get_by_text("A long shift, and I went for a walk after")).to_be_visible()
    expect(page.get_by_role("cell", name="Shared", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to your therapist page").click()
    shared.get_by_role("link", name="Safety plan").click()
    expect(page.get_by_text("Music and a blanket")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stop sharing").click()
    expect(page.get_by_text("Sharing stopped.")).to_be_visible()
    expect(shared.get_by_role("link", name="Safety plan")).to_have_count(0)
