from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("pratinjau/<str:token>/", views.SharedPreviewView.as_view(), name="preview"),
    path("kategori/<slug:slug>/", views.CategoryArchiveView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("penulis/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
]
