"""The public guidance each section of the guide for family and friends rests on.

Every page here was read (in a stored copy of the organisation's own page) on `checked_on` and
says what the guide takes from it; `supports` notes what, for the next person who checks. When
`review_due` passes, tests/supporters/test_guide_sources.py fails until someone reads the page
again and the guide still agrees with it (or the guide or this list changes).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The guide's sections, in order. Each source names the sections it supports (template lookups: no hyphens).
WHAT_IT_IS = "what_it_is"
SETBACKS = "setbacks"
FIRST_MINUTES = "first_minutes"
WHAT_TO_SAY = "what_to_say"
URGENT = "urgent"
YOURSELF = "yourself"
SECTION_KEYS = (WHAT_IT_IS, SETBACKS, FIRST_MINUTES, WHAT_TO_SAY, URGENT, YOURSELF)

_CHECKED = datetime.date(2026, 12, 3)
_REVIEW = datetime.date(2027, 12, 3)  # a year on: charities and NICE revise these pages


@dataclass(frozen=True)
class GuideSource:
    key: str
    name: str  # the organisation, as it names itself
    title: str  # the page's own title
    url: str  # the organisation's own page
    checked_on: datetime.date
    review_due: datetime.date
    sections: tuple[str, ...]
    supports: str  # what the guide takes from it (for reviewers; not shown)


SOURCES: tuple[GuideSource, ...] = (
    GuideSource(
        key="rcpsych-parents",
        name="Royal College of Psychiatrists",
        title="Self-harm: for parents and carers",
        url="https://www.rcpsych.ac.uk/mental-health/parents-and-young-people/information-for-parents-and-carers/self-harm-for-parents",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(WHAT_IT_IS,),
        supports="Self-harm is a way of trying to deal with very difficult feelings that build up; "
        "people give different reasons; only some of them wish to die.",
    ),
    GuideSource(
        key="hse-signs",
        name="HSE (Health Service Executive, Ireland)",
        title="Self-harm: types and signs",
        url="https://www2.hse.ie/conditions/mental-health/self-harm/self-harm-types-and-signs.html",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(WHAT_IT_IS,),
        supports="A way of coping with or expressing distress; more often not an intent to die; "
        "do not dismiss it as a bid for attention; take it seriously. (NHS content adapted by the HSE.)",
    ),
    GuideSource(
        key="rethink",
        name="Rethink Mental Illness",
        title="Self-harm",
        url="https://www.rethink.org/advice-and-information/about-mental-illness/learn-more-about-symptoms/self-harm/",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(WHAT_IT_IS, WHAT_TO_SAY),
        supports="Not a mental illness but often linked to distress; everyone has their own reasons; "
        "for loved ones, being patient and listening without judgement helps.",
    ),
    GuideSource(
        key="cornell-recovery",
        name="Cornell Research Program on Self-Injury and Recovery",
        title="Recovery",
        url="https://www.selfinjury.bctr.cornell.edu/recovery.html",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(WHAT_IT_IS, SETBACKS),
        supports="Nobody starts overnight and nobody can be expected to stop overnight; recovery has ups "
        "and downs; a rough patch does not mean the person has failed or is back at square one; it can "
        "show what helps.",
    ),
    GuideSource(
        key="hse-helping",
        name="HSE (Health Service Executive, Ireland)",
        title="How to help someone who self-harms",
        url="https://www2.hse.ie/mental-health/helping-someone-else/how-to-help-someone-who-self-harms",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(SETBACKS, FIRST_MINUTES, WHAT_TO_SAY, URGENT),
        supports="Try not to panic; see to injuries first; listen and find out what they need; ask how "
        "they would like to be supported; do not judge; let them stay in control of their decisions; be "
        "patient, change takes time; call the emergency number or go to an emergency department when "
        "someone is at immediate risk or badly hurt. Its list of when to call (read again 6 December 2026) "
        "is the basis of the guide's urgent signs: an overdose, a lot of pain, difficulty breathing, "
        "losing a lot of blood, shock after a serious injury, unconscious.",
    ),
    GuideSource(
        key="samaritans-struggling",
        name="Samaritans",
        title="What to do if you think someone is struggling",
        url="https://www.samaritans.org/how-we-can-help/if-youre-worried-about-someone-else/how-support-someone-youre-worried-about/what-do-if-you-think-someone-struggling/",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(FIRST_MINUTES, WHAT_TO_SAY, URGENT),
        supports="Listen rather than advise, compare or fix; be patient, it may take a few tries; open "
        "questions; if someone is in immediate danger, call the emergency number.",
    ),
    GuideSource(
        key="nice-ng225",
        name="NICE (National Institute for Health and Care Excellence)",
        title="Self-harm: assessment, management and preventing recurrence (NG225): recommendations",
        url="https://www.nice.org.uk/guidance/ng225/chapter/Recommendations",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(WHAT_IT_IS, URGENT),
        supports="Families and carers should be told what self-harm is, why people self-harm, what "
        "support there is, what to do if they are worried and what to do in an emergency.",
    ),
    GuideSource(
        key="charlie-waller-own-needs",
        name="Charlie Waller Trust",
        title="Coping with self-harm: a guide for parents and carers. Attending to your own needs",
        url="https://charliewaller.org/mental-health-resources/managing-difficult-feelings/attending-to-your-own-needs",
        checked_on=_CHECKED,
        review_due=_REVIEW,
        sections=(YOURSELF,),
        supports="Strong feelings are normal; recovery may be long, so look after yourself too; notice "
        "signs of stress; take time for yourself; talk to a trusted friend, relative or therapist; "
        "accept help.",
    ),
)


def sources_for(section: str) -> tuple[GuideSource, ...]:
    return tuple(source for source in SOURCES if section in source.sections)
