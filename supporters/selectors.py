from __future__ import annotations

from supporters.models import GuideSection


def guide_sections_from_service() -> list[GuideSection]:
    """The sections the clinic or service running this Waypoint added and left shown, in order."""
    return list(GuideSection.objects.filter(shown=True))
