"""Frozen helpers for the data migrations of news and comments that grant staff groups.

Only migrations import this module, and it imports no project code, so what an old migration
does never changes with the live code. Do not change what these functions do: a migration that
needs something else gets its own code. (The leading underscore keeps Django's migration
loader from taking this module for a migration.)
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    """Create the permission rows now; Django normally adds them only after all migrations."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, permissions):
    """Give `group_name` exactly `permissions` ("app_label.codename" strings)."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    wanted = [perm.split(".") for perm in permissions]
    rows = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]
    group.permissions.set(rows)


def revoke_group(apps, group_name):
    apps.get_model("auth", "Group").objects.filter(name=group_name).delete()


def model_permissions(app_label, model, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for action in actions]


def extend(apps, group_name, permissions):
    """Add `permissions` to `group_name`, keeping what it has (for new models' permissions)."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in (perm.split(".") for perm in permissions):
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def withdraw(apps, group_name, permissions):
    """Remove `permissions` from `group_name`, the reverse of extend()."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    for app_label, codename in (perm.split(".") for perm in permissions):
        if group:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
