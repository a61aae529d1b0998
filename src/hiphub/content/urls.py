from django.urls import path

from hiphub.content import views

app_name = "content"
urlpatterns = [
    path("hip-and-back/", views.page, {"slug": "hip-and-back"}, name="relate"),
]
