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
)

# Pages for a signed-in member who has done the safety check recently.
MEMBER: tuple[str, ...] = (
    "/journal/",
    "/check/history/",
    "/self-care/positional_release/",
    "/accounts/my-data/",
    "/accounts/password/",
)

# Pages only a moderator may open.
MODERATOR: tuple[str, ...] = ("/community/moderation/",)

# Addresses that answer GET with something other than a page (JSON, SVG), open to anyone.
ENDPOINTS: tuple[str, ...] = (
    "/healthz",
    "/api/openapi.json",
    "/api/anatomy/muscles",
    "/community/protocols/positional_release/chart.svg",
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
)
