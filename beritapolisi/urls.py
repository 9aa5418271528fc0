from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from beritapolisi.health import healthz
from beritapolisi.twofactor import SecondFactorView, StaffLoginForm
from news.views import ImagePickerView

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
    path("healthz", healthz, name="healthz"),
    path(
        "admin/dua-faktor/",
        admin.site.admin_view(SecondFactorView.as_view()),
        name="two_factor",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
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
