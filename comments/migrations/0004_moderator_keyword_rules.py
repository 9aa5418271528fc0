from django.db import migrations

from news.roles import grant, model_permissions

MODERATOR_PERMISSIONS = [
    *model_permissions("comments", "comment", actions=("view", "change")),
    *model_permissions("comments", "keywordrule"),
]


def allow_keyword_rules(apps, schema_editor):
    grant(apps, "Moderator", MODERATOR_PERMISSIONS)


def comments_only(apps, schema_editor):
    grant(apps, "Moderator", MODERATOR_PERMISSIONS[:2])


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation")]

    operations = [migrations.RunPython(allow_keyword_rules, comments_only)]
