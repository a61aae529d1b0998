from django.urls import include, path

from hiphub.api import api
from hiphub.core import views as core_views

urlpatterns = [
    path("", include("hiphub.core.urls")),
    path("api/", api.urls),
    path("accounts/", include("hiphub.accounts.urls")),
    path("anatomy/", include("hiphub.anatomy.urls")),
    path("learn/", include("hiphub.content.urls")),
    path("community/", include("hiphub.community.urls")),
    path("self-care/", include("hiphub.selfcare.urls")),
    path("journal/", include("hiphub.journal.urls")),
    path("check/", include("hiphub.screening.urls")),
    path("therapists/", include("hiphub.directory.urls")),
    path("practice/", include("hiphub.practice.urls")),
    path("reports/", include("hiphub.reports.urls")),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
