from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from news.views import ImagePickerView

from .views import set_language

admin.site.site_header = _("Berita Polisi newsroom")
admin.site.site_title = _("Berita Polisi newsroom")
admin.site.index_title = _("Newsroom")

urlpatterns = [
    path(
        "admin/gambar/",
        admin.site.admin_view(ImagePickerView.as_view()),
        name="image_picker",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("komentar/", include("comments.urls")),
    path("", include("news.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(
        0,
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    )
