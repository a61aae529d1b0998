from django.urls import URLPattern, path

from hiphub.reports import experiment_views, views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("codes/", views.codes, name="codes"),
]

# The fair test ("does it help me?")
urlpatterns += [
    path("fair-test/", experiment_views.index, name="experiments"),
    path("fair-test/<int:experiment_id>/", experiment_views.detail, name="experiment"),
    path(
        "fair-test/<int:experiment_id>/rate/<str:day>/",
        experiment_views.rate,
        name="experiment_rate",
    ),
    path("fair-test/<int:experiment_id>/rest/", experiment_views.rest, name="experiment_rest"),
    path("fair-test/<int:experiment_id>/stop/", experiment_views.stop, name="experiment_stop"),
]
