from django.urls import path

from hiphub.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("chart/<slug:measure>.svg", views.chart, name="chart"),
    path("export.csv", views.export, name="export"),
    path("import/", views.import_csv, name="import"),
    path("sessions/<int:session_id>/delete/", views.delete, name="delete"),
]
