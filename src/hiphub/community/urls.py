from django.urls import path

from hiphub.community import views

app_name = "community"
urlpatterns = [
    path("", views.reports, name="reports"),
    path("post/", views.post, name="post"),
    path("protocols/<slug:protocol_id>/", views.protocol, name="protocol"),
    path("protocols/<slug:protocol_id>/chart.svg", views.chart, name="chart"),
    path("moderation/", views.queue, name="queue"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("delete-my-posts/", views.delete_request, name="delete_request"),
    path("delete-my-posts/<str:token>/", views.delete_confirm, name="delete_confirm"),
]
