import hashlib
import importlib.util
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from news import images
from news.models import Article

from .factories import UserFactory


def pytest_configure(config):
    """In CI the browser tests must run: a missing Playwright is an error there, not a skip."""
    if os.environ.get("CI") and importlib.util.find_spec("playwright") is None:
        raise pytest.UsageError("Playwright is missing: CI runs the browser tests")


def pytest_report_header(config):
    return f"database: {connection.vendor} {connection.settings_dict['NAME']}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its pages and flood-control claims are not
    another test's."""
    cache.clear()


# A demo picture's renditions by its bytes, in this test process: {digest: (made, {suffix: bytes})}.
DEMO_RENDITIONS = {}
SEED_TITLE = "Kapolda Metro Jaya Audiensi dengan Kemenko Polkam"


@pytest.fixture
def demo(monkeypatch):
    """The demo content as `manage.py load_demo` loads it; returns the seed article.

    Each test that needs it loads it again into an emptied database, and making its pictures'
    renditions is most of that time. Renditions depend only on the picture's bytes, so each
    picture's files are made once per test process and written again under the new name.
    """
    make_renditions = images.make_renditions

    def remembered(image_file):
        with image_file.open("rb"):
            digest = hashlib.sha256(image_file.read()).hexdigest()
        folder = images.rendition_folder(image_file.name)
        if digest not in DEMO_RENDITIONS:
            made = make_renditions(image_file)
            storage = image_file.storage
            files = {
                name: storage.open(f"{folder}/{name}").read() for name in storage.listdir(folder)[1]
            }
            DEMO_RENDITIONS[digest] = (made, files)
        made, files = DEMO_RENDITIONS[digest]
        for name, content in files.items():
            image_file.storage.delete(f"{folder}/{name}")
            image_file.storage.save(f"{folder}/{name}", ContentFile(content))
        return {**made, "source": image_file.name}

    monkeypatch.setattr(images, "make_renditions", remembered)
    call_command("load_demo", verbosity=0)
    return Article.objects.get(title__startswith=SEED_TITLE)


def ensure_permissions():
    """The permissions (and content types) as migrating made them, also when an earlier
    transactional test's flush removed them without making them again."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


@pytest.fixture(scope="session")
def role_groups(django_db_setup, django_db_blocker):
    """The role groups' permissions as the data migrations made them: {name: [(app, codename)]}."""
    with django_db_blocker.unblock():
        return {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }


@pytest.fixture
def staff_user(db, role_groups):
    """Return a function making a staff user in one of the migrated role groups (made again as
    the migrations made it when an earlier transactional test flushed the database); other
    keyword arguments are the user's fields (first_name…)."""

    def make(group_name, username=None, **fields):
        user = UserFactory(username=username or group_name.lower(), is_staff=True, **fields)
        group, flushed = Group.objects.get_or_create(name=group_name)
        if flushed:
            ensure_permissions()
            for app_label, codename in role_groups[group_name]:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
        user.groups.add(group)
        return user

    return make


@pytest.fixture
def editor_client(client, staff_user):
    client.force_login(staff_user("Editor"))
    return client


@pytest.fixture
def reporter(client, staff_user):
    """A reporter, signed in on `client`."""
    user = staff_user("Reporter")
    client.force_login(user)
    return user


@pytest.fixture
def reporter_client(client, reporter):
    return client


@pytest.fixture
def moderator_client(client, staff_user):
    client.force_login(staff_user("Moderator"))
    return client


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Required in CI; skipped elsewhere if absent."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Imported here so that the other tests run without Playwright installed.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser profile (a different reader each time)."""
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/screenshots/."""

    def save(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return save
