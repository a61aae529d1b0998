from django.urls import path

from hiphub.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.index, name="index"),
    path("safety/", views.safety, name="safety"),
    path("safety/result/", views.safety_result, name="safety_result"),
    path("safety/clearance/", views.clearance, name="clearance"),
    path("safety/before-session/", views.pre_session, name="pre_session"),
    path("history/", views.history, name="history"),
    path("<slug:instrument>/", views.questionnaire, name="questionnaire"),
    path("<slug:instrument>/result/", views.questionnaire_result, name="questionnaire_result"),
]
