"""The one rule for a journal passphrase (journal/lock_rules.py), shared by every page that sets one."""

from __future__ import annotations

from journal.lock_rules import passphrase_problems


def test_a_few_words_in_a_row_will_do() -> None:
    assert passphrase_problems("the tide comes back in") == []


def test_short_repeated_and_common_passphrases_are_refused_with_a_reason() -> None:
    assert "at least 10 characters" in passphrase_problems("short one")[0]
    assert "repeated" in passphrase_problems("aaaaaaaaaaaa")[0]
    assert "Many people use" in passphrase_problems("password123")[0]
