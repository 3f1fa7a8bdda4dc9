from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care.models import Invitation, Link, Membership, PlanSuggestion, SharedItem
from care.services import homework_assign, invitation_create, share_plan
from care.suggestions import plan_suggestion_create
from journal.models import Entry
from prompts.models import Sequence
from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from tests.care.conftest import as_shown, client_for, write


def _code(therapist: Any) -> str:
    return invitation_create(membership=Membership.objects.get(user=therapist)).code


@pytest.mark.django_db
def test_accepting_shows_what_they_will_and_will_not_see_before_anything_happens(
    theo: Any, alice_client: Client
) -> None:
    code = _code(theo)
    page = alice_client.get(reverse("care:accept", args=[code])).content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in page
    assert "What they will see" in page and "What they will not see" in page
    assert "gentle check after saving" in page
    assert not Link.objects.exists(), "looking is not agreeing"
    response = alice_client.post(reverse("care:accept", args=[code]))
    assert response.status_code == 302
    assert Link.objects.get().therapist == theo


@pytest.mark.django_db
def test_a_typed_code_leads_to_the_same_page_whatever_its_case_or_spaces(theo: Any, alice_client: Client) -> None:
    code = _code(theo)
    typed = f" {code[:4].lower()} {code[4:]} "
    response = alice_client.post(reverse("care:accept_code"), {"code": typed})
    # The page that reads the invitation from the session: no code in the address or history.
    assert response["Location"] == reverse("care:accept_pending")
    page = alice_client.get(response["Location"]).content.decode()
    assert code not in page and code not in str(dict(alice_client.session.items()))
    assert alice_client.post(response["Location"]).status_code == 302
    assert Link.objects.get().therapist == theo


@pytest.mark.django_db
def test_a_typed_code_that_does_not_work_says_so_kindly(theo: Any, alice_client: Client) -> None:
    response = alice_client.post(reverse("care:accept_code"), {"code": "ABCD2345"})
    assert response.status_code == 404
    assert "This code doesn't work" in response.content.decode()
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_a_typed_code_that_does_not_work_stays_in_the_box_to_check(theo: Any, alice_client: Client) -> None:
    # A code read out over the phone, one letter misheard: the person compares what they typed
    # with what they wrote down, and mends one letter instead of typing it all again.
    page = alice_client.post(reverse("care:accept_code"), {"code": "3nl9 8z2x"}).content.decode()
    assert "This code doesn't work" in page
    assert 'value="3nl9 8z2x"' in page
    # Only "used already, or more than a week old": they waited for a new code instead of checking.
    assert "One letter may be different: you could check the box against your code." in page


@pytest.mark.django_db
def test_an_empty_code_gets_a_kind_message(alice_client: Client) -> None:
    page = alice_client.post(reverse("care:accept_code"), {"code": ""}).content.decode()
    assert "Type the code your therapist gave you." in page
    assert 'aria-invalid="true"' in page


@pytest.mark.django_db
def test_a_used_code_says_so_kindly_and_links_nobody(theo: Any, alice: Any, bob_client: Client) -> None:
    code = _code(theo)
    client_for(alice).post(reverse("care:accept", args=[code]))
    for method in ("get", "post"):
        response = getattr(bob_client, method)(reverse("care:accept", args=[code]))
        assert response.status_code == 404
        assert "This code doesn't work" in response.content.decode()
    assert Link.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_code_links_nobody(theo: Any, alice_client: Client) -> None:
    code = _code(theo)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert alice_client.post(reverse("care:accept", args=[code])).status_code == 404
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_the_page_lists_links_shares_and_the_sharing_log(link: Link, alice: Any, alice_client: Client) -> None:
    entry = write(alice, "words")
    url = reverse("care:share_entry", args=[entry.id])
    alice_client.post(url, as_shown(alice_client, url, link=link.id))
    item = SharedItem.objects.get()
    client_for(link.therapist).get(reverse("care:shared_item", args=[link.id, item.id]))
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Theo Park" in page and "Harbour Clinic" in page
    assert "Stop sharing" in page
    assert "Your sharing log" in page and "Opened by your therapist" in page and "Shared" in page


@pytest.mark.django_db
def test_each_stop_sharing_button_says_which_share_it_ends(link: Link, alice: Any, alice_client: Client) -> None:
    # Two entries of one day, shared an hour apart: both buttons were "Stop sharing (Journal
    # entry)", and a screen reader's list of buttons gave no way to tell which share each ended.
    for hour in (9, 10):
        entry = write(alice, f"words at {hour}")
        Entry.objects.filter(pk=entry.pk).update(written_on=date(2026, 3, 2))
        entry.refresh_from_db()
        url = reverse("care:share_entry", args=[entry.id])
        alice_client.post(url, as_shown(alice_client, url, link=link.id))
        SharedItem.objects.filter(entry=entry).update(shared_at=datetime(2026, 3, 2, hour, 15, tzinfo=UTC))
    page = " ".join(alice_client.get(reverse("care:index")).content.decode().split())
    names = re.findall(r'Stop sharing<span class="visually-hidden">(.*?)</span></button>', page)
    assert len(names) == 2 and len(set(names)) == 2, names
    # With the journal open, each names its entry too, by its first words here (no title).
    said = (
        " (Journal entry · 2 March 2026 · <bdi>words at 9</bdi>, with <bdi>Theo Park</bdi>, since 2 March 2026, 09:15)"
    )
    assert said in names


@pytest.mark.django_db
def test_homework_status_is_private_until_the_person_turns_it_on(link: Link, alice_client: Client) -> None:
    assert link.show_homework_status is False
    url = reverse("care:link_homework_status", args=[link.id])
    response = alice_client.post(url, {"show": "1"}, headers={"HX-Request": "true"})
    assert "Stop showing whether I started or finished" in response.content.decode()
    assert "<html" not in response.content.decode()
    link.refresh_from_db()
    assert link.show_homework_status is True
    alice_client.post(url, {"show": "0"})
    link.refresh_from_db()
    assert link.show_homework_status is False


@pytest.mark.django_db
def test_the_homework_switch_on_a_link_ended_in_another_tab_says_so_instead_of_doing_nothing(
    link: Link, alice_client: Client, bob_client: Client
) -> None:
    alice_client.post(reverse("care:link_end", args=[link.id]))
    alice_client.get(reverse("care:index"))  # the "link has ended" notice, read in that tab
    url = reverse("care:link_homework_status", args=[link.id])
    # htmx swaps no 404: the switch, still on the page in the first tab, did nothing at all.
    response = alice_client.post(url, {"show": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "This link had already ended. Everything you shared with them is gone from their view." in page
    without_js = alice_client.post(url, {"show": "1"})
    assert without_js.status_code == 302 and without_js["Location"] == "/care/"
    link.refresh_from_db()
    assert link.show_homework_status is False
    assert bob_client.post(url, {"show": "1"}, headers={"HX-Request": "true"}).status_code == 404, "not his"


@pytest.mark.django_db
def test_sharing_from_a_page_opened_before_the_link_ended_says_nothing_was_shared(
    link: Link, alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "A walk after work")
    url = reverse("care:share_entry", args=[entry.id])
    assert alice_client.get(url).status_code == 200
    alice_client.post(reverse("care:link_end", args=[link.id]))  # in another tab
    alice_client.get(reverse("care:index"))
    response = alice_client.post(url, {"link": str(link.id)})
    assert response.status_code == 302 and response["Location"] == "/care/"
    page = alice_client.get("/care/").content.decode()
    assert "You aren&#x27;t linked with a therapist now, so nothing was shared." in page
    assert not SharedItem.objects.exists()
    assert alice_client.get(url).status_code == 404, "with nobody to share with, the page itself is not there"


@pytest.mark.django_db
def test_ending_a_link_asks_first(link: Link, alice_client: Client) -> None:
    page = alice_client.get(reverse("care:link_end", args=[link.id])).content.decode()
    assert "End the link with <bdi>Theo Park</bdi>?" in page
    link.refresh_from_db()
    assert link.ended_at is None
    alice_client.post(reverse("care:link_end", args=[link.id]))
    link.refresh_from_db()
    assert link.ended_at is not None


NOT_FOUND = "We couldn&#x27;t find that page"


@pytest.mark.django_db
def test_a_second_tap_on_end_link_says_it_had_already_ended(link: Link, alice_client: Client) -> None:
    url = reverse("care:link_end", args=[link.id])
    assert alice_client.post(url).status_code == 302
    again = alice_client.post(url, follow=True)
    page = again.content.decode()
    assert again.redirect_chain == [(reverse("care:index"), 302)]
    assert "This link had already ended." in page and NOT_FOUND not in page
    # Back to the question, after it ended, says the same.
    assert "This link had already ended." in alice_client.get(url, follow=True).content.decode()


@pytest.mark.django_db
def test_ending_the_link_says_beforehand_that_their_suggestions_leave_home(
    library: None, link: Link, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=Sequence.objects.get(clinic_key="", slug="pause-for-kindness"))
    assert "Pause for kindness" in alice_client.get(reverse("home")).content.decode()
    url = reverse("care:link_end", args=[link.id])
    assert "The reflections they suggested leave your home page." in alice_client.get(url).content.decode()
    alice_client.post(url)
    assert "Pause for kindness" not in alice_client.get(reverse("home")).content.decode(), "as it said"


@pytest.mark.django_db
def test_a_second_tap_on_stop_sharing_says_it_had_already_stopped(link: Link, alice: Any, alice_client: Client) -> None:
    item = share_plan(link=link)
    url = reverse("care:share_stop", args=[item.id])
    assert alice_client.post(url).status_code == 302
    again = alice_client.post(url, follow=True)
    page = again.content.decode()
    assert again.redirect_chain == [(reverse("care:index"), 302)]
    assert "Sharing had already stopped." in page and NOT_FOUND not in page


@pytest.mark.django_db
def test_stop_sharing_after_the_link_ended_says_sharing_had_already_stopped(
    link: Link, alice: Any, alice_client: Client
) -> None:
    item = share_plan(link=link)
    alice_client.post(reverse("care:link_end", args=[link.id]))
    page = alice_client.post(reverse("care:share_stop", args=[item.id]), follow=True).content.decode()
    assert "Sharing had already stopped." in page


@pytest.mark.django_db
def test_someone_elses_ended_link_or_stopped_share_is_still_not_found(
    link: Link, alice: Any, alice_client: Client, bob_client: Client
) -> None:
    item = share_plan(link=link)
    alice_client.post(reverse("care:share_stop", args=[item.id]))
    alice_client.post(reverse("care:link_end", args=[link.id]))
    for url in (reverse("care:share_stop", args=[item.id]), reverse("care:link_end", args=[link.id])):
        response = bob_client.post(url)
        assert response.status_code == 404 and NOT_FOUND in response.content.decode(), url
        assert "already" not in response.content.decode()
    assert bob_client.get(reverse("care:link_end", args=[link.id])).status_code == 404


@pytest.mark.django_db
def test_a_long_code_gets_a_kind_message_and_the_box_cuts_nothing(alice_client: Client) -> None:
    field = re.search(r'<input[^>]*name="code"[^>]*>', alice_client.get(reverse("care:index")).content.decode())
    assert field is not None and "maxlength" not in field.group(0), "a pasted code is never cut off unseen"
    response = alice_client.post(reverse("care:accept_code"), {"code": "ABCD EFGH IJKL MNOP QRST"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A code is eight letters and numbers. Could you check it and try again?" in page
    assert "Ensure this value" not in page and "ABCD EFGH IJKL MNOP QRST" in page


@pytest.mark.django_db
def test_the_share_page_shows_exactly_what_will_be_shared(link: Link, alice: Any, alice_client: Client) -> None:
    entry = write(alice, "The words I might share", title="A title")
    page = alice_client.get(reverse("care:share_entry", args=[entry.id])).content.decode()
    assert "The words I might share" in page and "A title" in page
    assert "Share with <bdi>Theo Park</bdi>" in page
    assert not SharedItem.objects.exists(), "nothing is shared until the button is pressed"


@pytest.mark.django_db
def test_sharing_the_plan_leaves_out_the_people_in_it(link: Link, alice: Any, alice_client: Client) -> None:
    from safety.services import plan_contact_add

    plan_step_save(owner=alice, section="warning_signs", body="Not sleeping", obstacles="")
    plan_contact_add(owner=alice, section="people", name="Jo Private", phone="0123 456")
    page = alice_client.get(reverse("care:share_plan")).content.decode()
    assert "Not sleeping" in page and "Jo Private" not in page
    url = reverse("care:share_plan")
    alice_client.post(url, as_shown(alice_client, url, link=link.id))
    assert SharedItem.objects.get().kind == "plan"


@pytest.mark.django_db
def test_nobody_can_share_someone_elses_entry_or_to_someone_elses_link(
    link: Link, alice: Any, bob: Any, bob_client: Client, theo: Any
) -> None:
    entry = write(alice, "alice's words")
    assert bob_client.get(reverse("care:share_entry", args=[entry.id])).status_code == 404
    from tests.care.conftest import link_people

    link_people(theo, bob)
    assert bob_client.post(reverse("care:share_entry", args=[entry.id]), {"link": link.id}).status_code == 404
    bob_entry = write(bob, "bob's words")
    url = reverse("care:share_entry", args=[bob_entry.id])
    response = bob_client.post(url, as_shown(bob_client, url, link=link.id))
    assert response.status_code == 200 and "Pick someone you are linked with." in response.content.decode()
    assert not SharedItem.objects.exists()


@pytest.mark.django_db
def test_without_a_link_there_is_no_share_page(alice: Any, alice_client: Client) -> None:
    entry = write(alice, "words")
    assert alice_client.get(reverse("care:share_entry", args=[entry.id])).status_code == 404
    assert alice_client.get(reverse("care:share_plan")).status_code == 404


@pytest.mark.django_db
def test_suggestions_are_labelled_and_the_person_decides(
    link: Link, alice: Any, alice_client: Client, theo: Any
) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = share_plan(link=link)
    first = plan_suggestion_create(item=item, section="on_my_own", body="Music, then tea", therapist=theo)
    second = plan_suggestion_create(item=item, section="warning_signs", body="Skipping meals", therapist=theo)
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Suggested by <bdi>Theo Park</bdi>: Things I can do on my own" in page and "Music, then tea" in page
    alice_client.post(reverse("care:suggestion_decide", args=[first.id]), {"decision": "accept"})
    alice_client.post(reverse("care:suggestion_decide", args=[second.id]), {"decision": "reject"})
    plan = plan_for_owner(alice)
    assert plan.step("on_my_own").body == "Music, then tea"
    assert plan.step("warning_signs").body == ""
    assert dict(PlanSuggestion.objects.values_list("section", "decision")) == {
        "on_my_own": "taken",
        "warning_signs": "kept",
    }, "answered, so the therapist can see how; nothing waits any more"
