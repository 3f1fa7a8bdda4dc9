from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safety.models import PlanContact, PlanStep, SafetyPlan
from safety.plan_sections import SECTIONS
from safety.selectors import contact_for_owner, plan_for_owner
from safety.services import plan_contact_add, plan_step_save
from tests.dates import ASKS_FOR_GERMAN, in_german, offer_german

pytestmark = pytest.mark.usefixtures("crisis_resources")

HTMX = {"HX-Request": "true"}


def test_the_editing_page_shows_all_seven_steps_in_order(alice_client: Client) -> None:
    html = alice_client.get("/safety/plan/edit/").content.decode()
    positions = [html.index(str(section.title)) for section in SECTIONS]
    assert positions == sorted(positions)
    assert "If a step doesn't help, move to the next" in html
    # Said of using the plan, not of writing it: the editing page is where the steps are written.
    assert "When a hard time comes, you could start with step 1." in html


def test_a_step_is_saved_in_the_persons_own_words_and_encrypted(alice: Any, alice_client: Client) -> None:
    response = alice_client.post(
        "/safety/plan/warning_signs/", {"body": "When I stop answering texts", "obstacles": "Feeling tired"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/safety/plan/edit/#step-warning_signs"
    step = PlanStep.objects.get(owner=alice, section="warning_signs")
    assert b"answering" not in bytes(step.body)
    html = alice_client.get("/safety/plan/").content.decode()
    assert "When I stop answering texts" in html
    assert "Feeling tired" in html


@pytest.mark.parametrize("section", ["warning_signs", "on_my_own"])
def test_saving_a_step_unchanged_writes_nothing(alice: Any, alice_client: Client, section: str) -> None:
    # on_my_own is never written: saving it empty is unchanged too.
    plan_step_save(owner=alice, section="warning_signs", body="When I stop answering texts", obstacles="")
    changed_at = SafetyPlan.objects.get(owner=alice).updated_at
    words = {"body": "When I stop answering texts\r\n" if section == "warning_signs" else "", "obstacles": " "}
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(f"/safety/plan/{section}/", words)
    assert response.status_code == 302
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE")) and "safety_" in q["sql"]]
    assert writes == []
    assert SafetyPlan.objects.get(owner=alice).updated_at == changed_at
    assert PlanStep.objects.filter(owner=alice).count() == 1


def test_saving_a_step_with_new_words_still_moves_the_plan_s_time(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="When I stop answering texts", obstacles="")
    changed_at = SafetyPlan.objects.get(owner=alice).updated_at
    alice_client.post("/safety/plan/warning_signs/", {"body": "When I stop eating", "obstacles": ""})
    assert SafetyPlan.objects.get(owner=alice).updated_at > changed_at
    assert plan_for_owner(alice).step("warning_signs").body == "When I stop eating"


def test_editing_in_place_with_htmx_returns_just_that_step(alice_client: Client) -> None:
    form = alice_client.get("/safety/plan/on_my_own/", headers={"HX-Request": "true"}).content.decode()
    assert form.lstrip().startswith('<section id="step-on_my_own"')
    assert "<textarea" in form
    assert "crisis-strip" not in form
    saved = alice_client.post(
        "/safety/plan/on_my_own/", {"body": "Make tea", "obstacles": ""}, headers={"HX-Request": "true"}
    ).content.decode()
    assert saved.lstrip().startswith('<section id="step-on_my_own"')
    assert "Make tea" in saved and "<textarea" not in saved


def test_without_javascript_editing_is_a_full_page(alice_client: Client) -> None:
    html = alice_client.get("/safety/plan/on_my_own/").content.decode()
    assert 'id="crisis-strip"' in html
    assert 'action="/safety/plan/on_my_own/"' in html


def test_too_long_text_is_kept_with_a_kind_message(alice_client: Client) -> None:
    long_text = "a" * 5001
    response = alice_client.post("/safety/plan/on_my_own/", {"body": long_text, "obstacles": ""})
    assert response.status_code == 422
    assert long_text in response.content.decode()
    assert "This holds up to 5,000 characters, so it isn&#x27;t saved yet." in response.content.decode()


def test_an_unknown_section_is_not_found(alice_client: Client) -> None:
    assert alice_client.get("/safety/plan/nothing_here/").status_code == 404


def test_people_get_tap_to_call_and_tap_to_text_links(alice: Any, alice_client: Client) -> None:
    response = alice_client.post("/safety/plan/people/contacts/", {"name": "Sam", "phone": "+44 7700 900123"})
    assert response.status_code == 302
    assert response["Location"] == "/safety/plan/edit/#step-people"
    contact = PlanContact.objects.get(owner=alice)
    assert b"Sam" not in bytes(contact.name)
    html = alice_client.get("/safety/plan/").content.decode()
    assert 'href="tel:+447700900123"' in html
    assert 'href="sms:+447700900123"' in html


@pytest.mark.parametrize(
    ("typed", "tel", "sms"),
    [
        # The (0) is dialled only from inside the country: after +44 it reaches a wrong number.
        ("+44 (0)7700 900123", "tel:+447700900123", "sms:+447700900123"),
        # Digits from an Arabic or a full-width keyboard dial as 0-9.
        ("\u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0661\u0662\u0663", "tel:07700900123", "sms:07700900123"),
        ("\uff10\uff17\uff17\uff10\uff10 900123", "tel:07700900123", "sms:07700900123"),
        # An extension is dialled after a pause, not run into the number; a text goes to the line.
        ("555-0100 ext. 24", "tel:5550100,24", "sms:5550100"),
        ("555-0100 x24", "tel:5550100,24", "sms:5550100"),
    ],
)
def test_a_number_as_people_write_it_dials_the_right_number(
    alice: Any, alice_client: Client, typed: str, tel: str, sms: str
) -> None:
    plan_contact_add(owner=alice, section="people", name="Jo", phone=typed)
    html = alice_client.get("/safety/plan/").content.decode()
    assert f'href="{tel}"' in html and f'href="{sms}"' in html


def test_a_number_without_digits_gets_a_kind_message_and_the_name_stays(alice_client: Client) -> None:
    response = alice_client.post("/safety/plan/people/contacts/", {"name": "Sam", "phone": "call me"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "doesn&#x27;t look like a phone number" in html
    assert 'value="Sam"' in html


def test_professionals_are_prefilled_from_the_crisis_lines_where_you_are(alice: Any, alice_client: Client) -> None:
    alice.region = "GB"
    alice.save()
    html = alice_client.get("/safety/plan/edit/").content.decode()
    section = html[html.index('id="step-professionals"') : html.index('id="step-safer_space"')]
    assert "Samaritans" in section and 'href="tel:116123"' in section


@pytest.mark.parametrize("page", ["/safety/plan/", "/safety/plan/edit/"])
def test_each_call_and_text_link_says_whom(alice: Any, alice_client: Client, page: str) -> None:
    # In a screen reader's list of links, "Call 555 0101" beside another number did not say who answers.
    plan_contact_add(owner=alice, section="people", name="Sam", phone="555 0101")
    plan_contact_add(owner=alice, section="people", name="Jo", phone="555 0102")
    html = alice_client.get(page).content.decode()
    # A link's name: its aria-label when it has one (Call, see tests/safety/test_pages_browser.py), or its words.
    links = re.findall(r'<a href="(?:tel|sms):[^"]*"(?: aria-label="([^"]*)")?>(.*?)</a>', html, re.DOTALL)
    names = [label or re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", words)).strip() for label, words in links]
    assert names == ["Call 555 0101, Sam", "Text Sam", "Call 555 0102, Jo", "Text Jo"]


def test_each_steps_add_button_says_which_step_it_adds_to(alice_client: Client) -> None:
    # Both steps with people read "Add" in a screen reader's list of buttons, with nothing to tell them apart.
    html = alice_client.get("/safety/plan/edit/").content.decode()
    forms = re.findall(r'<details class="add-contact".*?</details>', html, re.DOTALL)
    names = [re.search(r'<button[^>]*aria-label="([^"]*)"[^>]*>\s*Add\s*</button>', form) for form in forms]
    assert [name.group(1) if name else None for name in names] == [
        "Add to “People I can ask for help”",
        "Add to “Professionals and services”",
    ]


def test_someone_else_cannot_remove_your_contacts(alice: Any, bob_client: Client) -> None:
    contact = plan_contact_add(owner=alice, section="people", name="Sam", phone="123")
    response = bob_client.post(f"/safety/plan/contacts/{contact.id}/delete/")
    assert response.status_code == 404
    assert PlanContact.objects.filter(pk=contact.pk).exists()
    htmx = bob_client.post(f"/safety/plan/contacts/{contact.id}/delete/", headers={"HX-Request": "true"})
    assert htmx.status_code == 404


@pytest.mark.parametrize("htmx", [True, False])
def test_a_contact_removed_by_mistake_comes_back_in_its_place(alice: Any, alice_client: Client, htmx: bool) -> None:
    sam = plan_contact_add(owner=alice, section="people", name="Sam", phone="0161 496 0000")
    plan_contact_add(owner=alice, section="people", name="Jo", phone="")
    headers = {"HX-Request": "true"} if htmx else {}
    plan_page_before = alice_client.get("/safety/plan/edit/").content.decode()
    response = alice_client.post(f"/safety/plan/contacts/{sam.id}/delete/", headers=headers)
    assert not PlanContact.objects.filter(pk=sam.pk).exists()
    assert response.status_code == 200
    page = response.content.decode()
    assert "<bdi>Sam</bdi> is no longer in your plan." in page
    # Without JavaScript, Remove lands at its step, where the notice and Undo are.
    assert f'action="/safety/plan/contacts/{sam.id}/delete/#step-people"' in plan_page_before
    # Undo sends back what the page holds: the name, the number, and when Sam was first added.
    form = page[
        page.index('<div class="plan-removed">') : page.index("</form>", page.index('<div class="plan-removed">'))
    ]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert fields["name"] == "Sam" and fields["phone"] == "0161 496 0000"
    alice_client.post("/safety/plan/people/contacts/", fields, headers=headers)
    # A second tap on Undo (no JavaScript, a second tab) puts Sam back once.
    alice_client.post("/safety/plan/people/contacts/", fields, headers=headers)
    names = [contact_for_owner(alice, c).name for c in PlanContact.objects.filter(owner=alice)]
    assert names == ["Sam", "Jo"]
    assert "tel:01614960000" in alice_client.get("/safety/plan/").content.decode()


def test_your_plan_is_yours_alone(alice: Any, bob_client: Client) -> None:
    plan_step_save(owner=alice, section="what_matters", body="My sister's laugh", obstacles="")
    assert "My sister" not in bob_client.get("/safety/plan/").content.decode()


def test_a_review_date_is_optional_and_never_expires_the_plan(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Walk the dog", obstacles="")
    response = alice_client.post("/safety/plan/review-date/", {"review_on": "2020-01-01"})
    assert response["Location"] == "/safety/plan/edit/?review=saved#review"
    assert plan_for_owner(alice).review_on is not None
    html = alice_client.get("/safety/plan/").content.decode()
    assert "Walk the dog" in html
    alice_client.post("/safety/plan/review-date/", {"review_on": ""})
    assert plan_for_owner(alice).review_on is None


def test_saving_a_review_date_says_so_beside_the_date(alice: Any, alice_client: Client) -> None:
    response = alice_client.post("/safety/plan/review-date/", {"review_on": "2027-03-14"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="review"')
    assert "Saved. You&#x27;d like to look at it again on 14 March 2027." in html
    assert 'value="2027-03-14"' in html
    response = alice_client.post("/safety/plan/review-date/", {"review_on": ""}, headers=HTMX)
    assert "Saved. No date for now." in response.content.decode()
    assert plan_for_owner(alice).review_on is None


def test_saving_a_review_date_without_javascript_says_so_on_the_page_it_comes_back_to(
    alice: Any, alice_client: Client
) -> None:
    response = alice_client.post("/safety/plan/review-date/", {"review_on": "2027-03-14"}, follow=True)
    html = response.content.decode()
    # In the section the page comes back to (#review, at its foot), not the messages at its top.
    review = html[html.index('<section id="review"') :]
    assert "Saved. You&#x27;d like to look at it again on 14 March 2027." in review
    assert html.count("Saved.") == 1


def test_a_review_date_not_on_the_calendar_comes_back_in_place_with_htmx(alice: Any, alice_client: Client) -> None:
    response = alice_client.post("/safety/plan/review-date/", {"review_on": "2027-02-30"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert html.lstrip().startswith('<section id="review"')
    assert "That date doesn&#x27;t exist on the calendar" in html
    assert "Saved." not in html
    assert plan_for_owner(alice).review_on is None


def test_a_review_date_that_is_not_on_the_calendar_is_answered_kindly_and_kept(
    alice: Any, alice_client: Client
) -> None:
    response = alice_client.post("/safety/plan/review-date/", {"review_on": "2027-02-30"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "That date doesn&#x27;t exist on the calendar. Could you check the day and month?" in html
    assert "Enter a valid date" not in html
    assert 'value="2027-02-30"' in html
    assert plan_for_owner(alice).review_on is None


def test_the_print_view_has_every_step_and_the_strip(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Racing thoughts", obstacles="")
    html = alice_client.get("/safety/plan/print/").content.decode()
    assert "Racing thoughts" in html
    assert 'id="crisis-strip"' in html
    assert "<title>Waypoint</title>" in html


def test_the_plan_downloads_as_markdown_with_a_neutral_file_name(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Racing thoughts", obstacles="Pride")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="123")
    response = alice_client.get("/safety/plan/download/")
    assert response["Content-Type"].startswith("text/markdown")
    assert response["Content-Disposition"] == 'attachment; filename="waypoint-plan.md"'
    text = response.content.decode()
    assert text.startswith("# My safety plan")
    assert "## 1. Warning signs and triggers" in text
    assert "Racing thoughts" in text and "Pride" in text and "- Sam: 123" in text
    assert "988 Suicide & Crisis Lifeline" in text


def test_the_downloaded_plan_keeps_the_persons_words_as_written_in_a_markdown_reader(
    alice: Any, alice_client: Client
) -> None:
    plan_step_save(
        owner=alice, section="what_matters", body="#1 reason: my sister\n- and the dog", obstacles="*always* tired"
    )
    plan_contact_add(owner=alice, section="people", name="<Mum>", phone="123")
    text = alice_client.get("/safety/plan/download/").content.decode()
    assert "\n\\#1 reason: my sister\n\\- and the dog\n" in text
    assert "\\*always\\* tired" in text
    assert "- \\<Mum>: 123" in text
    assert "## 1. Warning signs and triggers" in text, "the plan's own headings are still headings"


@pytest.mark.django_db
def test_a_visitor_is_asked_to_sign_in_for_the_plan(client: Client) -> None:
    response = client.get("/safety/plan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_sign_in_page_says_the_plan_opens_after_it_and_help_opens_without(client: Client) -> None:
    # Signed out by the idle lock at night, a tap on "My safety plan" used to meet only "Sign in to
    # your journal", with no word of the plan or of the help that needs no account.
    html = client.get("/safety/plan/", follow=True).content.decode()
    assert "Your safety plan opens once you sign in." in html
    assert 'Crisis lines don\'t need an account: <a href="/safety/help/">get help now</a>.' in html
    assert "Your safety plan opens" not in client.get("/accounts/login/").content.decode()
    assert "Your safety plan opens" not in client.get("/accounts/login/?next=/journal/").content.decode()


def test_with_htmx_a_mistake_comes_back_in_place_with_the_text_kept(alice_client: Client) -> None:
    response = alice_client.post(
        "/safety/plan/people/contacts/", {"name": "Sam", "phone": "call me"}, headers={"HX-Request": "true"}
    )
    # htmx swaps only 2xx responses, so the message arrives as a 200 fragment.
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="step-people"')
    assert "doesn&#x27;t look like a phone number" in html
    assert 'value="Sam"' in html and 'aria-invalid="true"' in html


def test_a_long_pasted_name_or_number_is_refused_kindly_and_kept_in_its_box(alice: Any, alice_client: Client) -> None:
    # No maxlength in the page (a browser would cut the paste short without a word): the server
    # says so, and what was typed comes back in the box.
    page = alice_client.get("/safety/plan/edit/").content.decode()
    assert 'name="name"' in page and "maxlength" not in page
    name, phone = "Sam " + "x" * 300, "+44 " + "1" * 60
    response = alice_client.post("/safety/plan/people/contacts/", {"name": name, "phone": phone})
    html = response.content.decode()
    assert response.status_code == 422
    assert "A name here holds up to 200 characters. Could you shorten it?" in html
    assert "A phone number here holds up to 40 characters. Could you shorten it?" in html
    assert f'value="{name}"' in html and f'value="{phone}"' in html
    assert "maxlength" not in html
    assert not PlanContact.objects.filter(owner=alice).exists()


def test_a_step_box_never_cuts_a_paste_short_and_says_why_it_was_not_saved(alice_client: Client) -> None:
    # A maxlength in the page would let the browser drop the end of a long paste without a word.
    form = alice_client.get("/safety/plan/warning_signs/").content.decode()
    assert "<textarea" in form and "maxlength" not in form
    long_text = "I stop answering messages. " * 200
    response = alice_client.post("/safety/plan/warning_signs/", {"body": long_text, "obstacles": long_text})
    html = response.content.decode()
    assert response.status_code == 422
    assert html.count(long_text) == 2
    assert "Everything you wrote is still here" in html
    assert "Ensure this value" not in html


def test_each_step_form_has_ids_of_its_own(alice_client: Client) -> None:
    # Two steps open at once on the editing page: each label and help text belongs to its own box.
    first = alice_client.get("/safety/plan/warning_signs/", headers={"HX-Request": "true"}).content.decode()
    second = alice_client.get("/safety/plan/safer_space/", headers={"HX-Request": "true"}).content.decode()
    assert 'id="id_warning_signs_body"' in first and 'for="id_warning_signs_body"' in first
    assert 'id="id_safer_space_obstacles_helptext"' in second
    assert 'aria-describedby="id_safer_space_obstacles_helptext"' in second
    assert 'id="id_body"' not in first + second


# --- A step sent unasked as the page goes for help (waypoint.js) --------------------------------


def test_a_step_sent_going_for_help_never_replaces_newer_words_from_another_tab(
    alice: Any, alice_client: Client
) -> None:
    # This tab's form was drawn empty; another tab has since saved the step.
    plan_step_save(owner=alice, section="on_my_own", body="Call Sam, then a walk by the river", obstacles="")
    response = alice_client.post(
        "/safety/plan/on_my_own/",
        {"body": "Go for a walk, put on", "obstacles": "", "drawn_body": "", "drawn_obstacles": ""},
    )
    assert response.status_code == 409
    assert plan_for_owner(alice).step("on_my_own").body == "Call Sam, then a walk by the river"


def test_a_step_sent_going_for_help_is_kept_over_the_words_it_was_drawn_with(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music\r\nA walk", obstacles="")
    alice_client.post(
        "/safety/plan/on_my_own/",
        {"body": "Music\r\nA walk, put on", "obstacles": "", "drawn_body": "Music\nA walk", "drawn_obstacles": ""},
    )
    assert plan_for_owner(alice).step("on_my_own").body == "Music\r\nA walk, put on"


def test_the_review_date_is_written_the_way_the_persons_language_writes_dates(
    alice: Any, alice_client: Client, settings: Any
) -> None:
    offer_german(settings)
    response = alice_client.post(
        "/safety/plan/review-date/", {"review_on": "2027-03-14"}, headers={**HTMX, **ASKS_FOR_GERMAN}
    )
    assert f"again on {in_german(date(2027, 3, 14))}." in response.content.decode()
    plan_step_save(owner=alice, section="on_my_own", body="Walk the dog", obstacles="")
    page = alice_client.get("/safety/plan/", headers=ASKS_FOR_GERMAN).content.decode()
    assert f"You chose to look at it again on {in_german(date(2027, 3, 14))}." in page
