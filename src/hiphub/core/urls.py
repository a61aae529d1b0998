from django.urls import path

from hiphub.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("help-now/", views.help_now, name="help_now"),
    path("healthz", views.healthz, name="healthz"),
]
