from django.urls import path

from hiphub.anatomy import views

app_name = "anatomy"
urlpatterns = [
    path("", views.index, name="index"),
    path("muscles/<slug:muscle_id>/", views.muscle, name="muscle"),
    path("where-does-it-hurt/", views.pain, name="pain"),
    path("hub/", views.hub, name="hub"),
]
