from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<slug:slug>/", views.comment_create, name="create"),
]
