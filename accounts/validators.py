"""Django's password rules, with help text in Waypoint's voice (language.md: invite, never instruct)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(min_length)d character. A few unrelated words work well.",
            "Use at least %(min_length)d characters. A few unrelated words work well.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_error_message(self) -> str:
        return ngettext(
            "This password is a little short. Try at least %(min_length)d character.",
            "This password is a little short. Try at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Pick something other people are unlikely to use.")

    def get_error_message(self) -> str:
        return _("Many people use this password. Try something more your own.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Mix in some letters, not only numbers.")

    def get_error_message(self) -> str:
        return _("Try adding some letters; numbers alone are easy to guess.")


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return _("Keep it different from your email address.")

    def get_error_message(self) -> str:
        return _("This password is close to your email address. Try something different.")
