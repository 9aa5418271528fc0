from django.db import migrations

from news.migrations._helpers import grant, model_permissions

MODERATOR_BEFORE = model_permissions("comments", "comment", actions=("view", "change"))
MODERATOR_PERMISSIONS = [*MODERATOR_BEFORE, *model_permissions("comments", "keywordrule")]


def allow_keyword_rules(apps, schema_editor):
    grant(apps, "Moderator", MODERATOR_PERMISSIONS)


def comments_only(apps, schema_editor):
    grant(apps, "Moderator", MODERATOR_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation")]

    operations = [migrations.RunPython(allow_keyword_rules, comments_only)]
