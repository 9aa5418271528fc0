from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Category, Page


def site(request):
    """The site name, the categories (navigation, breadcrumbs) and the footer's pages, each
    fetched only when a page uses them. A view may pass its own `category_tree`."""
    return {
        "site_name": settings.SITE_NAME,
        "category_tree": SimpleLazyObject(Category.objects.tree),
        "footer_pages": Page.objects.published().only("title", "slug"),
    }
