from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """One version of a person's data key, stored only wrapped under a server key.

    The 32-byte key itself never touches the database; see journal/keyring.py.
    Deleting these rows makes everything the person wrote unreadable, backups included.
    """

    class Scope(models.TextChoices):
        # Everything a person writes, unless its model is registered for another scope.
        JOURNAL = "journal", _("journal")
        # The safety plan and coping list, once the lock is turned on: kept outside the lock by
        # default, so a forgotten passphrase never stands between a person and their plan.
        PLAN = "plan", _("safety plan")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_keys")
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.JOURNAL, editable=False)
    version = models.PositiveIntegerField()
    server_key_id = models.CharField(max_length=32)
    wrapped = models.BinaryField(editable=False)
    # True when `wrapped` holds the data key sealed under the person's lock key (journal/lock_keys.py),
    # so the server key alone no longer opens it.
    locked = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data key")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "version"], name="journal_datakey_user_scope_version")
        ]

    def __str__(self) -> str:
        return f"{self.scope} data key v{self.version} ({self.server_key_id})"


class JournalLock(models.Model):
    """A person's optional lock (#17): their lock key, sealed by their passphrase and by their recovery key.

    Nothing here opens without one of them: the salt and Argon2id cost are not secret, and both
    seals are AES-GCM under keys the server never stores. See journal/lock_keys.py.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="journal_lock"
    )
    salt = models.BinaryField(editable=False)
    kdf = models.JSONField(editable=False)  # Argon2id's cost for this seal: KdfParams.as_dict()
    by_passphrase = models.BinaryField(editable=False)
    by_recovery = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("journal lock")

    def __str__(self) -> str:
        return f"journal lock of user {self.user_id}"


class Tag(models.Model):
    """A person's tag. The name is encrypted; `digest` is a keyed blind index for exact-match filters."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_tags")
    digest = models.CharField(max_length=32)
    name = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("tag")
        constraints = [models.UniqueConstraint(fields=["owner", "digest"], name="journal_tag_owner_digest")]

    def __str__(self) -> str:
        return f"tag {self.id}"


class Entry(models.Model):
    """One journal entry. Everything the person wrote lives in the encrypted binary fields."""

    class Kind(models.TextChoices):
        FREE = "free", _("Free writing")
        REFLECTION = "reflection", _("Reflection")
        COPING = "coping", _("Something that helped")

    class Mood(models.IntegerChoices):
        VERY_HARD = 1, _("Really hard")
        HARD = 2, _("Hard")
        MIXED = 3, _("Mixed")
        OKAY = 4, _("Okay")
        GOOD = 5, _("Good")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FREE)
    written_on = models.DateField(_("written on"), default=timezone.localdate)
    # Encrypted: title and body as text; feelings as JSON {"mood": 1-5 | null, "urge": 0-10 | null}.
    title = models.BinaryField(editable=False)
    body = models.BinaryField(editable=False)
    feelings = models.BinaryField(editable=False)
    # Keyed blind index of the mood, so the timeline can filter by mood without reading entries.
    mood_index = models.CharField(max_length=32, blank=True, editable=False)
    tags = models.ManyToManyField(Tag, related_name="entries", blank=True)
    is_draft = models.BooleanField(_("draft"), default=False)
    # Bumped on every save; an UPDATE only lands when the version is the one the editor started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the person starred it as something they want to remember (the look back lists these).
    # A time, not a word of what was written; set and cleared only by progress/services.py.
    starred_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The id an entry had in the export it was imported from, so importing twice adds nothing.
    source_id = models.UUIDField(null=True, blank=True, editable=False)
    # Which of the owner's search chunks holds this entry's searchable text (journal/search_index.py);
    # empty until it is put in one.
    search_chunk = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The editor page whose save made this version (journal/editor_views.py): a random id the
    # editor was drawn with, never anything written. A save whose answer the connection dropped
    # left its page on the version before; its next words, meeting this one, are the page's own and
    # land, where another page's still meet it. Written with the version, in the same UPDATE;
    # empty when anything else made it (a kept copy taken in, an import, a reflection).
    made_by_page = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [
            # With the id at its end, search lists the person's entries in order from the index alone.
            models.Index(
                fields=["owner", "trashed_at", "-written_on", "-created_at", "id"], name="journal_entry_timeline_ids"
            ),
            # Search asks whether any entry still waits for a chunk without reading every row.
            models.Index(fields=["owner", "search_chunk"], name="journal_entry_search_chunk"),
            models.Index(fields=["owner", "source_id"], name="journal_entry_source"),
        ]

    def __str__(self) -> str:
        # Never the title: admin pages, logs and error reports must not show what was written.
        return f"entry {self.id}"


class SearchChunk(models.Model):
    """The searchable text of up to a few hundred of one person's entries, folded to lower case
    and encrypted as one record under their data key, so search opens a few dozen records
    instead of every entry (journal/search_index.py; docs/encryption.md says what it reveals)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_chunks")
    number = models.PositiveIntegerField()
    # Encrypted: a line of the entries' order keys (format 2), then their folded texts.
    text = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(default=0)
    # 1: ids and lengths only; 2: each entry's order key too; 3: as 2, every text composed (NFC)
    # (journal/search_index.py). Says how the chunk is laid out, nothing about what it holds.
    format = models.PositiveSmallIntegerField(default=1)
    # The latest day any of its entries was written on (empty: none, or not known yet), so search
    # opens the chunks newest first and can stop once its page is full. The entries' own rows
    # already show their days and chunk numbers, so this tells nothing new.
    newest = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("search chunk")
        constraints = [models.UniqueConstraint(fields=["owner", "number"], name="journal_searchchunk_owner_number")]
        # Search lists a person's chunks newest first from here, never reading past their text.
        indexes = [models.Index(fields=["owner", "newest", "number"], name="journal_searchchunk_newest")]

    def __str__(self) -> str:
        return f"search chunk {self.pk}"


class KeptWords(models.Model):
    """Words from an editor page that met a newer version of their entry: kept beside it, never
    over it, until the person compares the two and chooses (journal/kept_words.py). Without them,
    a tab closed after "changed elsewhere" took its words with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_words")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="kept_words")
    # The editor page they came from (EntryForm's `page`): that page's later saves update these
    # words rather than keep another copy of them each time.
    page = models.UUIDField(editable=False)
    # Encrypted: JSON of everything the editor held (title, body, day, kind, feelings, tags).
    words = models.BinaryField(editable=False)
    kept_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("kept words")
        verbose_name_plural = _("kept words")
        constraints = [
            models.UniqueConstraint(fields=["owner", "entry", "page"], name="journal_keptwords_owner_entry_page")
        ]

    def __str__(self) -> str:
        return f"kept words {self.id}"
