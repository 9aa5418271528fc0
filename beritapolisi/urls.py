from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from beritapolisi.health import healthz
from beritapolisi.twofactor import SecondFactorView, StaffLoginForm
from news.images import ARTICLE_IMAGE_FOLDER
from news.views import ArticlePickerView, ImagePickerView, media

from .views import set_language

admin.site.site_header = _("Berita Polisi newsroom")
admin.site.site_title = _("Berita Polisi newsroom")
admin.site.index_title = _("Newsroom")
admin.site.login_form = StaffLoginForm
admin.site.login_template = "admin/login_two_factor.html"

urlpatterns = [
    path(
        "admin/gambar/",
        admin.site.admin_view(ImagePickerView.as_view()),
        name="image_picker",
    ),
    path(
        "admin/baca-juga/",
        admin.site.admin_view(ArticlePickerView.as_view()),
        name="article_picker",
    ),
    path("healthz", healthz, name="healthz"),
    path(
        "admin/dua-faktor/",
        admin.site.admin_view(SecondFactorView.as_view()),
        name="two_factor",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("news.urls")),
]

# Articles' images are always served by Django, which checks the article is published; a web
# server in front (SERVE_MEDIA off) serves the other uploads.
media_paths = ".*" if settings.SERVE_MEDIA else f"(?:{ARTICLE_IMAGE_FOLDER}|renditions)/.*"
urlpatterns.insert(
    0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>{media_paths})$", media, name="media")
)
