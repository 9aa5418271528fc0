"""WSGI entry point: `gunicorn beritapolisi.wsgi` runs the production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beritapolisi.settings.prod")

application = get_wsgi_application()
