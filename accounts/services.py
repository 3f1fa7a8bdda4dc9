from __future__ import annotations

from accounts.models import User


def user_set_region(*, user: User, region: str) -> None:
    user.region = region.upper()
    user.region_asked = True
    user.save(update_fields=["region", "region_asked"])


def user_skip_region_question(*, user: User) -> None:
    user.region_asked = True
    user.save(update_fields=["region_asked"])


def user_set_time_zone(*, user: User, time_zone: str) -> None:
    """An IANA name from accounts.time_zones.time_zone_names(), or "" for the server's own."""
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
