from __future__ import annotations

from accounts.models import User


def user_set_region(*, user: User, region: str) -> None:
    user.region = region.upper()
    user.region_asked = True
    user.save(update_fields=["region", "region_asked"])


def user_skip_region_question(*, user: User) -> None:
    user.region_asked = True
    user.save(update_fields=["region_asked"])
