from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from comments.services import erase_commenter


class Command(BaseCommand):
    help = (
        "Erase one commenter's personal data on request (UU PDP): every comment written with "
        "EMAIL (any capitalisation) is signed “Anonim” and loses its email address, website, IP "
        "address and user agent. The comment texts and their replies stay, so discussions "
        "remain readable; delete a comment in the admin if its text must go too."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The commenter's email address.")

    def handle(self, *args, email, **options):
        with translation.override(settings.LANGUAGE_CODE):  # the name readers see: "Anonim"
            count = erase_commenter(email)
        self.stdout.write(f"{count} comments anonymised.")
