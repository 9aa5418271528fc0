from django.conf import settings

from .models import Category


def site(request):
    """The site name and the categories for the navigation, fetched only when a page uses them."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": Category.objects.all,
    }
