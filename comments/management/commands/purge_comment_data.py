from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models.functions import Coalesce
from django.utils import timezone

from comments.models import Comment, KeywordRule


class Command(BaseCommand):
    help = (
        "Erase commenters' IP addresses and user agents after COMMENTS_PERSONAL_DATA_DAYS, "
        "delete spam and removed comments COMMENTS_SPAM_DAYS after they were marked (or "
        "written), and delete expired block-list rules (UU PDP data minimisation). Safe to run "
        "daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        personal_data_cutoff = now - timedelta(days=settings.COMMENTS_PERSONAL_DATA_DAYS)
        erased = (
            Comment.objects.filter(created_at__lt=personal_data_cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        discarded_cutoff = now - timedelta(days=settings.COMMENTS_SPAM_DAYS)
        deleted, _ = (
            Comment.objects.filter(status__in=[Comment.Status.SPAM, Comment.Status.REMOVED])
            .alias(discarded_at=Coalesce("moderated_at", "created_at"))
            .filter(discarded_at__lt=discarded_cutoff)
            .delete()
        )
        rules, _ = KeywordRule.objects.expired().delete()
        self.stdout.write(
            f"Personal data erased from {erased} comments; {deleted} old spam and removed "
            f"comments deleted; {rules} expired block-list rules deleted."
        )
