from django.urls import URLPattern, path

from hiphub.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("codes/", views.codes, name="codes"),
]
