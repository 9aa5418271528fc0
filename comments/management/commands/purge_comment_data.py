from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Erase commenters' IP addresses and user agents after COMMENTS_PERSONAL_DATA_DAYS and "
        "delete spam after COMMENTS_SPAM_DAYS (UU PDP data minimisation). Safe to run daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        personal_data_cutoff = now - timedelta(days=settings.COMMENTS_PERSONAL_DATA_DAYS)
        erased = (
            Comment.objects.filter(created_at__lt=personal_data_cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        spam_cutoff = now - timedelta(days=settings.COMMENTS_SPAM_DAYS)
        deleted, _ = Comment.objects.filter(
            status=Comment.Status.SPAM, created_at__lt=spam_cutoff
        ).delete()
        self.stdout.write(
            f"Personal data erased from {erased} comments; {deleted} old spam comments deleted."
        )
