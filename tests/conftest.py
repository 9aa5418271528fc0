import pytest
from django.contrib.auth.models import Group
from django.db import connection

from .factories import UserFactory


def pytest_report_header(config):
    return f"database: {connection.vendor} {connection.settings_dict['NAME']}"


@pytest.fixture
def staff_user(db):
    """Return a function making a staff user in one of the migrated role groups."""

    def make(group_name, username=None):
        user = UserFactory(username=username or group_name.lower(), is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor_client(client, staff_user):
    client.force_login(staff_user("Editor"))
    return client


@pytest.fixture
def moderator_client(client, staff_user):
    client.force_login(staff_user("Moderator"))
    return client
