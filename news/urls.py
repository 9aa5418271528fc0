from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("berita/<slug:slug>/feed/", feeds.ArticleCommentsFeed(), name="article_comments_feed"),
    path("kategori/<slug:slug>/", views.CategoryArchiveView.as_view(), name="category"),
    path("kategori/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("penulis/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
    path("penulis/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
]
