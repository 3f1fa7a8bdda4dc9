from __future__ import annotations

from accounts.models import User


def user_set_region(*, user: User, region: str) -> None:
    user.region = region.upper()
    user.save(update_fields=["region"])
