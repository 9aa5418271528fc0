"""E-mail leaves through the task queue, never from inside a request's transaction.

The notifications (`comments.notifications`, `news.notifications`) enqueue their task once the
transaction that caused them commits, so a request never waits for the SMTP server, and an
unreachable server never turns a reader's or an editor's request into an error page nor rolls
their work back. A task sends with `send_or_retry()`: when the server cannot be reached, the
failure is logged and the task is enqueued again to run later, after each delay of
`MAIL_RETRY_DELAYS` in turn, then given up (logged as an error). A backend that cannot run a
task later (the immediate backend of development and tests) logs the failure and gives up.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs):
    """Enqueue `task` once the current transaction commits (at once outside a transaction).

    A queue that cannot take the task is logged; the committed request still succeeds.
    """
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)


def send_or_retry(message, task, *args, attempt):
    """Send `message`; if the SMTP server fails, enqueue `task(*args)` again for later.

    `attempt` counts from 1; the retry runs with `attempt + 1`.
    """
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        delays = settings.MAIL_RETRY_DELAYS
        if attempt > len(delays) or not task.get_backend().supports_defer:
            logger.error(
                "Mail %r not sent, giving up after %d attempt(s): %s",
                message.subject,
                attempt,
                error,
            )
            return
        delay = delays[attempt - 1]
        logger.warning("Mail %r not sent (%s); trying again in %d s", message.subject, error, delay)
        run_after = timezone.now() + timedelta(seconds=delay)
        task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
