from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from news import roles
from news.demo import load_demo_content

DEMO_STAFF = [
    # (username, password, group or None for a superuser)
    ("admin", "admin-demo-2026", None),
    ("editor", "editor-demo-2026", roles.EDITOR),
    ("reporter", "reporter-demo-2026", roles.REPORTER),
    ("moderator", "moderator-demo-2026", roles.MODERATOR),
]


class Command(BaseCommand):
    help = "Load the demo articles (idempotent) and, in development, the demo staff accounts."

    def handle(self, *args, **options):
        count = load_demo_content()
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {count} articles."))
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo staff accounts created.")
            return
        self.stdout.write("Demo staff accounts (development only):")
        for username, password, group_name in DEMO_STAFF:
            self.create_staff(username, password, group_name)
            role = group_name or "superuser"
            self.stdout.write(f"  {role:<10} username: {username:<10} password: {password}")

    def create_staff(self, username, password, group_name):
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.is_superuser = group_name is None
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
