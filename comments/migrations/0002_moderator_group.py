from django.db import migrations

from news.migrations._helpers import grant, model_permissions, revoke_group

MODERATOR_PERMISSIONS = model_permissions("comments", "comment", actions=("view", "change"))


def create_moderator_group(apps, schema_editor):
    grant(apps, "Moderator", MODERATOR_PERMISSIONS)


def delete_moderator_group(apps, schema_editor):
    revoke_group(apps, "Moderator")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderator_group, delete_moderator_group)]
