from django.urls import path

from hiphub.practice import views

app_name = "practice"
urlpatterns = [
    # A member's side
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
    path("links/<int:link_id>/", views.link_page, name="link"),
    path("links/<int:link_id>/scopes/", views.link_scopes, name="link_scopes"),
    path("links/<int:link_id>/renew/", views.link_renew, name="link_renew"),
    path("links/<int:link_id>/stop/", views.link_revoke, name="link_revoke"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/calendar/new/", views.feed_new, name="feed_new"),
    path("reminders/calendar/stop/", views.feed_stop, name="feed_stop"),
    path("my-plan.ics", views.download_ics, name="download_ics"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    # A therapist's side
    path("clients/", views.clients, name="clients"),
    path("clients/<int:link_id>/", views.client, name="client"),
    path("clients/<int:link_id>/programme/", views.programme, name="programme"),
    path("invites/", views.invites, name="invites"),
    path("invites/<str:code>/", views.invite, name="invite"),
    path("invites/<str:code>/qr.svg", views.invite_qr, name="invite_qr"),
]
