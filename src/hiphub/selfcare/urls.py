from django.urls import path

from hiphub.selfcare import audio_views, views

app_name = "selfcare"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:session_id>/", views.summary, name="summary"),
    path("<slug:protocol_id>/", views.player, name="player"),
    path("<slug:protocol_id>/finish/", views.finish, name="finish"),
    path("<slug:protocol_id>/clock/", views.clock_stamp, name="clock"),
    path(
        "<slug:protocol_id>/audio/<int:minutes>.ogg",
        audio_views.relaxation_audio,
        name="audio",
    ),
    path(
        "<slug:protocol_id>/audio/<int:minutes>.mp3",
        audio_views.relaxation_audio_mp3,
        name="audio_mp3",
    ),
]
