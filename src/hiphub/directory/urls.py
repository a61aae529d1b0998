from django.urls import path

from hiphub.directory import moderation, therapist_views, views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:listing_id>/", views.listing, name="listing"),
    path("<int:listing_id>/contact/", views.contact, name="contact"),
    path("techniques/", views.technique_list, name="techniques"),
    path("techniques/<slug:slug>/", views.technique, name="technique"),
    path("what-to-ask/", views.what_to_ask, name="what_to_ask"),
    path("my-listing/", therapist_views.my_listing, name="my_listing"),
    path("my-listing/confirm/", therapist_views.confirm, name="confirm"),
    path("my-listing/delete/", therapist_views.delete_listing, name="delete"),
    path("my-listing/credentials/", therapist_views.add_credential, name="add_credential"),
    path(
        "my-listing/credentials/<int:credential_id>/",
        therapist_views.change_credential,
        name="change_credential",
    ),
    path("list-my-practice/", therapist_views.list_my_practice, name="list_my_practice"),
    path("moderation/", moderation.queue, name="queue"),
]
