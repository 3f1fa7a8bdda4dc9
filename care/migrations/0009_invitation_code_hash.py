"""Invitation codes were stored as they were typed; now only a keyed hash of each is kept.

Existing rows are hashed in place, so an invitation already given out still works, once.
"""

from django.db import migrations, models

from accounts.invites import code_letters_only
from accounts.secret_codes import keyed_hash

# As care.models.INVITATION_CODE_PURPOSE; written out so later edits there cannot change this step.
_PURPOSE = "care.invitation"


def hash_codes(apps, schema_editor):
    Invitation = apps.get_model("care", "Invitation")
    for invitation in Invitation.objects.only("pk", "code").iterator():
        code_hash = keyed_hash(_PURPOSE, code_letters_only(invitation.code)[:16])
        Invitation.objects.filter(pk=invitation.pk).update(code_hash=code_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0008_share_kind_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # Going back cannot bring the codes back: those invitations are simply gone.
        migrations.RunPython(hash_codes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="code"),
        migrations.AlterField(
            model_name="invitation",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
