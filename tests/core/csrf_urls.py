"""The site's URLs plus one ordinary form view, to see what a CSRF failure looks like."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from hiphub.urls import urlpatterns as site_urlpatterns


def form_target(request: HttpRequest) -> HttpResponse:
    return HttpResponse("changed")


urlpatterns = [*site_urlpatterns, path("csrf-probe/", form_target)]
