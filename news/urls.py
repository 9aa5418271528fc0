from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import feeds, sitemaps, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("berita/<slug:slug>/langsung/", views.LiveEntriesView.as_view(), name="live_entries"),
    path("berita/<slug:slug>/feed/", feeds.ArticleCommentsFeed(), name="article_comments_feed"),
    path("komentar/<slug:slug>/", views.comment_form_moved, name="comment_form_moved"),
    path("pratinjau/<str:token>/", views.SharedPreviewView.as_view(), name="preview"),
    path("kategori/<slug:slug>/", views.CategoryArchiveView.as_view(), name="category"),
    path("kategori/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("penulis/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
    path("penulis/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    re_path(r"^(?P<year>[0-9]{4})/$", views.YearArchiveView.as_view(), name="year"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.MonthArchiveView.as_view(),
        name="month",
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "news/sitemap_news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SECTIONS},
        name="sitemap_section",
    ),
    path("halaman/<slug:slug>/", views.PageView.as_view(), name="page"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("dibaca/", views.count_view, name="count_view"),
    path("ralat/", views.CorrectionListView.as_view(), name="corrections"),
]
