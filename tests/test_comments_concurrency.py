"""A double-submitted form stores one comment even when the requests race."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

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
    url = reverse("comments:create", args=[article.slug])
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
    assert {response.url for response in responses} == {comment.get_absolute_url()}
