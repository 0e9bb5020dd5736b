"""The "commissioners" group, so site admins can add people to it in /admin/ (members read
the equality and outcome dashboard, with a second factor)."""

from django.db import migrations

NAME = "commissioners"


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
