from django.db import migrations
from django.utils import timezone


def replies_before_seen_at_seen(apps, schema_editor):  # type: ignore[no-untyped-def]
    # A reply that came before seen_at was there was shown on the person's page then, with no way to
    # say so: left empty, the home page would say "Someone you trust wrote back" for words read
    # months ago, and a person on a hard day would look for a reply that is not new.
    apps.get_model("supporters", "SupporterReply").objects.filter(seen_at__isnull=True).update(seen_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0004_reply_seen_at"),
    ]

    operations = [
        migrations.RunPython(replies_before_seen_at_seen, migrations.RunPython.noop, elidable=True),
    ]
