from django.db import migrations

from news.migrations._helpers import grant, model_permissions, revoke_group

EDITOR_PERMISSIONS = [
    *model_permissions("news", "article"),
    *model_permissions("news", "author"),
    *model_permissions("news", "category"),
    *model_permissions("taggit", "tag"),
]


def create_editor_group(apps, schema_editor):
    grant(apps, "Editor", EDITOR_PERMISSIONS)


def delete_editor_group(apps, schema_editor):
    revoke_group(apps, "Editor")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_editor_group, delete_editor_group)]
