"""The migrations build the whole database from nothing, and never depend on live code."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news.models import Article

from .factories import ArticleFactory

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = {
    config.label: Path(config.path)
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(BASE_DIR) and "site-packages" not in Path(config.path).parts
}
SEARCH_INDEX_READY = ("news", "0003_article_search_vector")


def imported_modules(path, package):
    """(line, dotted name) of everything the module at `path`, inside `package`, imports."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


# Migrations must name a custom model field's class; news/fields.py holds only such classes.
FIELD_MODULES = ("news.fields",)


def is_live_project_code(module):
    app, _, rest = module.partition(".")
    if module.startswith(FIELD_MODULES):
        return False
    return app in PROJECT_APPS and not (rest == "migrations" or rest.startswith("migrations."))


def test_migrations_import_no_live_project_code():
    """A migration that imports the app's code would change whenever that code changes."""
    offending = [
        f"{path.relative_to(BASE_DIR)}:{line} imports {module}"
        for label, app_path in PROJECT_APPS.items()
        for path in sorted((app_path / "migrations").glob("*.py"))
        for line, module in imported_modules(path, f"{label}.migrations")
        if is_live_project_code(module)
    ]
    assert PROJECT_APPS.keys() >= {"news", "comments"}
    assert offending == []


def test_the_import_check_catches_live_imports(tmp_path):
    """The check above recognises absolute and relative imports of live modules."""
    migration = tmp_path / "0099_example.py"
    migration.write_text(
        "from django.db import migrations\n"
        "from news.roles import grant\n"
        "import comments.models\n"
        "from .. import search\n"
        "from ._helpers import grant\n"
        "from news.migrations._helpers import model_permissions\n"
    )
    modules = [module for _, module in imported_modules(migration, "news.migrations")]
    assert [module for module in modules if is_live_project_code(module)] == [
        "news.roles.grant",
        "comments.models",
        "news.search",
    ]


def group_permissions():
    return {
        (group.name, perm.content_type.app_label, perm.codename)
        for group in apps.get_model("auth", "Group").objects.prefetch_related(
            "permissions__content_type"
        )
        for perm in group.permissions.all()
    }


def add_article_before_search(**fields):
    """Create an article as it was before search existed, with the historical model."""
    old = MigrationExecutor(connection).loader.project_state(SEARCH_INDEX_READY).apps
    category = old.get_model("news", "Category").objects.create(name="Berita", slug="berita")
    author = old.get_model("news", "Author").objects.create(name="Khoirul", slug="khoirul")
    return old.get_model("news", "Article").objects.create(
        category=category, author=author, status="published", **fields
    )


def migrate_project_apps_to_zero():
    for label, path in PROJECT_APPS.items():
        if (path / "migrations").is_dir():
            call_command("migrate", label, "zero", verbosity=0)
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert [app for app, _ in applied if app in PROJECT_APPS] == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_from_zero_to_latest_and_again():
    """Every project migration applies from zero, unapplies, and applies again to the same
    groups and permissions; articles made before search existed are found by search."""
    migrate_project_apps_to_zero()
    assert group_permissions() == set()
    call_command("migrate", verbosity=0)
    permissions = group_permissions()
    assert {name for name, _, _ in permissions} >= {"Editor", "Reporter", "Moderator"}

    migrate_project_apps_to_zero()
    assert group_permissions() == set()
    call_command("migrate", *SEARCH_INDEX_READY, verbosity=0)
    old = add_article_before_search(
        title="Patroli malam Jakarta",
        slug="patroli-malam",
        body="<p>Petugas &amp; warga <b>berjaga</b> di pos.</p>",
    )
    call_command("migrate", verbosity=0)

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert group_permissions() == permissions
    new = ArticleFactory(title="Razia kendaraan di Jakarta")
    published = Article.objects.published()
    assert list(published.search("berjaga")) == [Article.objects.get(pk=old.pk)]
    assert set(published.search("Jakarta")) == {Article.objects.get(pk=old.pk), new}
