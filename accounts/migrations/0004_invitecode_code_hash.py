"""Invite codes were stored as they were typed; now only a keyed hash of each is kept.

Existing rows are hashed in place, so a code already given out still works, once.
"""

from django.db import migrations, models

from accounts.secret_codes import keyed_hash

# As accounts.invites.INVITE_CODE_PURPOSE and code_letters_only; written out so later edits there
# cannot change this step.
_PURPOSE = "accounts.invite"


def hash_codes(apps, schema_editor):
    InviteCode = apps.get_model("accounts", "InviteCode")
    for invite in InviteCode.objects.only("pk", "code").iterator():
        cleaned = "".join(ch for ch in invite.code.upper() if ch.isascii() and ch.isalnum())
        InviteCode.objects.filter(pk=invite.pk).update(code_hash=keyed_hash(_PURPOSE, cleaned))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_region_asked"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitecode",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # Going back cannot bring the codes back: those invites are simply gone.
        migrations.RunPython(hash_codes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitecode", name="code"),
        migrations.AlterField(
            model_name="invitecode",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
