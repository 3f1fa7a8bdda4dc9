"""Whether a plan step sent as its page goes for help (waypoint.js) may land."""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from accounts.types import AuthedRequest
from safety import selectors

# A step half written when the person taps "Get help now" is sent as the page goes (waypoint.js),
# without Save being pressed, with the words the form was drawn with beside it. It lands only over
# those: newer words saved in another tab since must not be replaced by older, unasked ones.
DRAWN_PREFIX = "drawn_"


@sensitive_variables()
def saved_elsewhere_since(request: AuthedRequest, section: str) -> bool:
    if DRAWN_PREFIX + "body" not in request.POST:
        return False  # Save pressed: the person chose these words

    def same(text: str) -> str:
        return text.replace("\r\n", "\n").strip()

    step = selectors.plan_for_owner(request.user).step(section)
    drawn = (request.POST.get(DRAWN_PREFIX + "body", ""), request.POST.get(DRAWN_PREFIX + "obstacles", ""))
    return (same(step.body), same(step.obstacles)) != (same(drawn[0]), same(drawn[1]))
