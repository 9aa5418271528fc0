"""A double-submitted form stores one comment even when the requests race."""

import threading

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment

from .factories import ArticleFactory, comment_form_data

SUBMISSIONS = 6


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so requests cannot race; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_of_one_form_store_one_comment():
    """Six requests with one form token, released at once, store exactly one comment."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    data = comment_form_data(article)
    start = threading.Barrier(SUBMISSIONS)
    responses = []

    def submit():
        client = Client()
        start.wait()
        try:
            responses.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    comment = Comment.objects.get()
    assert [response.status_code for response in responses] == [302] * SUBMISSIONS
    # Every sender is led to the one comment, through its signed own-comment address.
    assert {response.url.split("#")[1] for response in responses} == {f"komentar-{comment.pk}"}
    assert all(response.url.startswith(f"{url}?komentar=") for response in responses)


FLOOD = 20


def post_at_once(url, payloads, addresses):
    """Send each payload from its address in its own thread, all released together."""
    start = threading.Barrier(len(payloads))
    responses = []

    def submit(data, address):
        client = Client()
        start.wait()
        try:
            responses.append(client.post(url, data, REMOTE_ADDR=address))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=pair) for pair in zip(payloads, addresses, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(response.status_code for response in responses)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so requests cannot race; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_comments_from_one_address_store_one():
    """Flood control holds under 20-way concurrency: one comment stored, 19 refused with 429."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    payloads = [
        comment_form_data(article, name=f"Pembaca {n}", email=f"p{n}@example.com", body=f"K{n}")
        for n in range(FLOOD)
    ]
    statuses = post_at_once(url, payloads, ["198.51.100.9"] * FLOOD)
    assert statuses == [302] + [429] * (FLOOD - 1)
    assert Comment.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so requests cannot race; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_duplicates_store_one(settings):
    """The same comment sent 20 times at once from 20 addresses is stored once (409 for 19)."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    url = article.get_absolute_url()
    payloads = [comment_form_data(article) for _ in range(FLOOD)]
    statuses = post_at_once(url, payloads, [f"198.51.100.{n}" for n in range(FLOOD)])
    assert statuses == [302] + [409] * (FLOOD - 1)
    assert Comment.objects.count() == 1
