from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """One version of a person's data key, stored only wrapped under a server key.

    The 32-byte key itself never touches the database; see journal/keyring.py.
    Deleting these rows makes everything the person wrote unreadable, backups included.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_keys")
    version = models.PositiveIntegerField()
    server_key_id = models.CharField(max_length=32)
    wrapped = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data key")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="journal_datakey_user_version")]

    def __str__(self) -> str:
        return f"data key v{self.version} ({self.server_key_id})"
