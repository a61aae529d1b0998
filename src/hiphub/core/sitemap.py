"""The site map: every page a person can open, listed once.

The browser test (every page is clean and fits a phone), the installed-wheel check
(`make test-wheel`: every page answers 200 from a built wheel) and the URL test
(every page without parameters is listed here) all read these lists. Paths, not URL names,
so the installed-wheel check can read them without starting Django. A page that takes a
parameter appears once, with a real value.
"""

# Pages anyone can open without signing in.
PUBLIC: tuple[str, ...] = (
    "/",
    "/help-now/",
    "/learn/hip-and-back/",
    "/anatomy/",
    "/anatomy/muscles/gluteus_medius/",
    "/anatomy/where-does-it-hurt/?region=groin",
    "/anatomy/hub/",
    "/check/",
    "/check/safety/",
    "/check/start_back/",
    "/check/odi/",
    "/check/rmdq/",
    "/check/nrs/",
    "/check/pgic/",
    "/self-care/",
    "/self-care/positional_release/",
    "/community/",
    "/community/protocols/positional_release/",
    "/community/delete-my-posts/",
    "/accounts/sign-up/",
    "/accounts/sign-up/sent/",
    "/accounts/sign-in/",
    "/accounts/password-reset/",
    "/accounts/password-reset/sent/",
    "/accounts/password-reset/complete/",
    "/therapists/",
    "/therapists/?technique=trigger_point&min_minutes=60&region=sacroiliac_joint",
    "/therapists/techniques/",
    "/therapists/techniques/trigger-point/",
    "/therapists/what-to-ask/",
)

# Pages for a signed-in member who has done the safety check recently.
MEMBER: tuple[str, ...] = (
    "/journal/",
    "/check/history/",
    "/self-care/positional_release/",
    "/accounts/my-data/",
    "/accounts/password/",
    "/therapists/my-listing/",
    "/practice/",
    "/practice/reminders/",
    "/reports/",
    "/reports/fair-test/",
)

# Pages only a moderator may open.
MODERATOR: tuple[str, ...] = ("/community/moderation/", "/therapists/moderation/")

# Pages that need a therapist's listing: each check first makes one therapist account with a
# listing (placed by latitude and longitude, so no places file is needed), puts the listing's
# id in for {listing}, and opens THERAPIST signed in as that therapist.
LISTING: tuple[str, ...] = ("/therapists/{listing}/",)
# Pages only a therapist may open (any other member gets 403 or is sent to list a practice).
THERAPIST: tuple[str, ...] = ("/therapists/my-listing/", "/practice/clients/", "/practice/invites/")
# What that listing holds (the API's and the import's field names).
SAMPLE_LISTING: dict[str, object] = {
    "name": "Sample Therapist",
    "techniques": ["trigger_point", "myofascial_release"],
    "hands_on_minutes": [60],
    "regions": ["lumbar_paraspinal"],
    "oil": "little",
    "accepting_new_clients": True,
    "latitude": 51.501,
    "longitude": -0.1416,
}

# Addresses that answer GET with something other than a page (JSON, SVG), open to anyone.
ENDPOINTS: tuple[str, ...] = (
    "/healthz",
    "/api/openapi.json",
    "/api/anatomy/muscles",
    "/community/protocols/positional_release/chart.svg",
    "/community/challenge/",  # the form's question and CSRF token, fetched as JSON
    "/api/directory/therapists",
    "/api/directory/techniques",
    "/reports/codes/",  # the site's FHIR CodeSystem
)

# Addresses without parameters that are deliberately not in the lists above: a member's
# downloads, actions that only accept POST (GET answers 405), and steps of the safety check
# (its result, the clinician clearance, the short check before a later session), which send
# a person without the step before back to the questions.
NOT_PAGES: tuple[str, ...] = (
    "/journal/export.csv",
    "/journal/import/",
    "/accounts/my-data/export.json",
    "/accounts/my-data/export.zip",
    "/accounts/sign-out/",
    "/accounts/verify-again/",
    "/accounts/delete/",
    "/community/post/",
    "/check/safety/result/",
    "/check/safety/clearance/",
    "/check/safety/before-session/",
    "/therapists/my-listing/confirm/",
    "/therapists/my-listing/delete/",
    "/therapists/my-listing/credentials/",
    "/therapists/list-my-practice/",
    "/practice/join/",
    "/practice/my-plan.ics",
    "/practice/reminders/calendar/new/",
    "/practice/reminders/calendar/stop/",
)
