"""The peer-support directory: shipped entries carry their source, a region lists its own, a region
with none says so, the clinic layer adds and hides, and odd input falls back kindly."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safety.models import PeerSupport
from safety.peer_services import peer_support_load, peer_support_set_hidden
from safety.shipped import shipped_peer_support


@pytest.fixture
def peer_support(db: None) -> None:
    peer_support_load()


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def test_every_shipped_entry_shown_names_its_own_page_and_when_it_was_checked() -> None:
    entries = shipped_peer_support()
    active = [e for e in entries if e.get("status", "active") == "active"]
    assert active
    for entry in active:
        assert str(entry.get("source_url", "")).startswith("https://"), entry["key"]
        assert str(entry["url"]).startswith("https://"), entry["key"]
        assert isinstance(entry.get("verified_on"), date), entry["key"]
        assert isinstance(entry.get("review_due"), date) and entry["review_due"] > entry["verified_on"], entry["key"]
        assert entry["moderation"] in PeerSupport.Moderation.values, entry["key"]
        assert entry["audience"] in PeerSupport.Audience.values, entry["key"]
    for entry in entries:
        if entry.get("status") == "unverified":
            # An unconfirmed entry carries no date: a date beside "not yet confirmed" would mislead.
            assert entry.get("verified_on") is None and entry.get("review_due") is None, entry["key"]
            assert entry.get("notes"), entry["key"]
    assert len({e["key"] for e in entries}) == len(entries)


@pytest.mark.usefixtures("peer_support")
def test_a_region_with_entries_lists_them_with_what_they_are(client: Client) -> None:
    response = client.get("/safety/peer-support/?region=AU")
    assert response.status_code == 200
    local = _section(response.content.decode(), "local-heading")
    assert "Beyond Blue forums" in local and "ReachOut Parents forums" in local
    assert "For family and friends" in local and "Moderated" in local
    assert "For people aged 14 to 25" in local
    assert "Checked on 3 December 2026" in local
    assert 'href="https://saneforums.org/t5/About-the-forum-including/Forum-Guides/m-p/105959"' in local
    # The source named is the forums' own page about moderation, not a years-old media release.
    beyond_blue_faq = (
        "https://forums.beyondblue.org.au/t5/depression/why-don-t-my-posts-appear-straight-away/td-p/65698"
    )
    assert f'href="{beyond_blue_faq}"' in local
    assert "media-releases" not in local
    assert "We haven" not in local


@pytest.mark.usefixtures("peer_support")
def test_groups_confirmed_on_their_own_pages_show_where_they_meet_and_who_leads_them(client: Client) -> None:
    za = _section(client.get("/safety/peer-support/?region=ZA").content.decode(), "local-heading")
    assert "SADAG support groups" in za and "Led by a trained facilitator" in za and "Free" in za
    assert 'href="https://sadag.org/index.php?option=com_content&amp;view=article&amp;id=3212' in za
    india = _section(client.get("/safety/peer-support/?region=IN").content.decode(), "local-heading")
    assert "Schizophrenia Awareness Association" in india and "Pune" in india
    assert "For you, and for family and friends" in india
    france = _section(client.get("/safety/peer-support/?region=FR").content.decode(), "local-heading")
    assert "Unafam" in france and "Run by professionals" in france and "For family and friends" in france


@pytest.mark.usefixtures("peer_support")
def test_a_national_entry_promises_only_what_every_branch_offers(client: Client) -> None:
    # Unafam's groups were read on branch pages: one branch meets monthly after a first meeting,
    # another is for members only. Read in France as a whole, the entry says only what they share.
    france = _section(client.get("/safety/peer-support/?for=family&region=FR").content.decode(), "local-heading")
    assert "Unafam" in france and "led by a psychologist" in france
    assert "Each local branch of Unafam runs its own" in france and "Some ask you to become a member" in france
    assert "Monthly" not in france and "the groups are for members" not in france
    # [U25] has fourteen locations; the one page read is Berlin's, but the service is for all of Germany.
    germany = _section(client.get("/safety/peer-support/?region=DE").content.decode(), "local-heading")
    assert "[U25]" in germany and "anywhere in Germany" in germany


@pytest.mark.usefixtures("peer_support")
def test_a_region_with_none_says_so_and_unconfirmed_entries_stay_hidden(client: Client) -> None:
    html = client.get("/safety/peer-support/?region=NL").content.decode()
    local = _section(html, "local-heading")
    assert "We haven't listed peer support in the Netherlands yet" in local
    assert "Zelfbeschadiging" not in html  # in the data file, but not yet confirmed on its own page
    assert _section(html, "international-heading")


@pytest.mark.usefixtures("peer_support")
def test_international_communities_show_beside_a_country_with_none(client: Client) -> None:
    PeerSupport.objects.create(
        country="INT",
        name="A moderated worldwide community",
        description="Open to anyone.",
        url="https://example.org/",
    )
    html = client.get("/safety/peer-support/?region=NZ").content.decode()
    assert "We haven't listed peer support in New Zealand yet" in _section(html, "local-heading")
    assert "A moderated worldwide community" in _section(html, "international-heading")


# --- For family and friends (the guide for them links here with ?for=family) -----------------------


@pytest.mark.usefixtures("peer_support")
def test_for_family_lists_only_what_is_for_them(client: Client) -> None:
    html = client.get("/safety/peer-support/?for=family&region=AU").content.decode()
    assert "Support for family and friends" in html
    local = _section(html, "local-heading")
    assert "ReachOut Parents forums" in local and "SANE Forums" in local, "for family and friends, or for both"
    assert "Beyond Blue forums" not in local, "a group for the person is not for the people around them"
    # Read by family, a group for both does not call the person "you".
    assert "For family and friends, and for the person they support" in local
    assert "For you" not in local
    # The other view is one tap away, for the same country.
    assert 'href="/safety/peer-support/?region=AU"' in html and "Groups for the person themselves" in html


@pytest.mark.usefixtures("peer_support")
def test_for_family_says_plainly_when_a_country_has_nothing_for_them(client: Client) -> None:
    html = client.get("/safety/peer-support/?for=family&region=GB").content.decode()
    local = _section(html, "local-heading")
    assert "We haven't listed a group for family and friends in the United Kingdom yet" in local
    assert "Side by Side" not in html and "The Mix" not in html
    assert "online community for family and friends" in _section(html, "international-heading")
    # Choosing another country keeps to what is for them.
    assert '<input type="hidden" name="for" value="family">' in html


@pytest.mark.usefixtures("peer_support")
def test_for_family_without_a_country_follows_the_browser_and_asks_nothing(client: Client) -> None:
    response = client.get("/safety/peer-support/?for=family", HTTP_ACCEPT_LANGUAGE="en-US")
    html = response.content.decode()
    assert response.status_code == 200 and "In the United States" in html
    # NAMI's groups stay unlisted until NAMI's own page for them is read: a state affiliate's page
    # for its own groups said nothing about groups elsewhere in the country.
    local = _section(html, "local-heading")
    assert "We haven't listed a group for family and friends in the United States yet" in local
    assert "NAMI" not in html and "namiindiana.org" not in html
    assert 'aria-invalid="true"' not in html and "field-errors" not in html, "no country was asked for yet"


@pytest.mark.usefixtures("peer_support")
def test_the_page_for_the_person_links_to_the_one_for_family(client: Client) -> None:
    html = client.get("/safety/peer-support/?region=US").content.decode()
    assert 'href="/safety/peer-support/?for=family&amp;region=US"' in html and "Groups for family and friends" in html
    assert "We haven't listed peer support in the United States yet" in _section(html, "local-heading")
    assert "NAMI" not in html, "a 2010 press release is not NAMI's page for the group today"


@pytest.mark.usefixtures("peer_support")
def test_a_clinic_can_add_a_local_group_and_hide_a_shipped_entry(client: Client) -> None:
    PeerSupport.objects.create(
        country="GB",
        subregion="Leeds",
        name="Thursday evening group",
        led_by=PeerSupport.Led.PEER,
        format=PeerSupport.Format.IN_PERSON,
        moderation=PeerSupport.Moderation.FACILITATED,
        description="A small group that meets at the clinic.",
        url="https://clinic.example/group",
    )
    peer_support_set_hidden(entry=PeerSupport.objects.get(key="gb-the-mix-boards"), hidden=True)
    local = _section(client.get("/safety/peer-support/?region=GB").content.decode(), "local-heading")
    assert "Thursday evening group" in local and "added locally" in local and "Leeds" in local
    assert "The Mix" not in local
    assert "Side by Side" in local


@pytest.mark.usefixtures("peer_support")
def test_reloading_the_data_keeps_the_clinics_choices(client: Client) -> None:
    PeerSupport.objects.filter(key="gb-mind-side-by-side").update(hidden=True)
    result = peer_support_load()
    assert result.created == 0 and result.updated == 0
    assert PeerSupport.objects.get(key="gb-mind-side-by-side").hidden


@pytest.mark.usefixtures("peer_support")
@pytest.mark.parametrize("query", ["region=XX", "region=", "region=%00", "region=gb&region=" + "A" * 500, "foo=bar"])
def test_odd_input_falls_back_kindly(client: Client, query: str) -> None:
    response = client.get(f"/safety/peer-support/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "People who understand" in html
    # Django's own words never show ("Select a valid choice. XX is not one of…").
    assert "Select a valid choice" not in html and "This field is required" not in html


@pytest.mark.usefixtures("peer_support")
def test_it_follows_a_signed_in_persons_country(alice: Any, alice_client: Client) -> None:
    alice.region = "DE"
    alice.save()
    html = alice_client.get("/safety/peer-support/").content.decode()
    assert "[U25]" in html and "In Germany" in html


@pytest.mark.usefixtures("peer_support")
def test_the_help_page_and_the_safety_index_link_to_it(client: Client) -> None:
    url = reverse("safety:peer_support")
    assert f'href="{url}"' in _section(client.get("/safety/help/").content.decode(), "more-heading")
    assert f'href="{url}"' in client.get("/safety/").content.decode()


@pytest.mark.django_db
def test_the_setup_command_loads_it() -> None:
    call_command("peer_support_load", verbosity=0)
    assert PeerSupport.objects.filter(layer=PeerSupport.Layer.SHIPPED).count() == len(shipped_peer_support())


@pytest.mark.usefixtures("peer_support")
def test_an_entry_past_its_review_date_warns_admins_and_still_shows(client: Client) -> None:
    from safety.checks import peer_support_past_review

    PeerSupport.objects.filter(key="de-u25").update(review_due=date(2020, 1, 1))
    warnings = peer_support_past_review()
    assert [w.id for w in warnings] == ["safety.W002"] and "[U25]" in warnings[0].msg
    assert "[U25]" in client.get("/safety/peer-support/?region=DE").content.decode()
