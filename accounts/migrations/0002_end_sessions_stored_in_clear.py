# Sessions made before accounts.sessions kept the cookie's value itself as the row's key, so a
# copy of the database could sign anyone in. They cannot be converted (the cookie's value is
# what has to stay out of the database), so they end: everyone signs in once more.

from django.db import migrations


def end_sessions_stored_in_clear(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()
    apps.get_model("usersessions", "UserSession").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sessions", "0001_initial"),
        ("usersessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(end_sessions_stored_in_clear, migrations.RunPython.noop)]
