"""The pages `make bench-scale` requests, by the names its results give them.

Apart from the locustfile, which runs in Locust's process (gevent patches the standard library
as it starts, so Django is never imported there), so tests can check them against the URLs.
"""

# Each request's name and its path.
PATHS = {
    "home": "/",
    "my actions": "/my-actions/",
    "update all": "/my-actions/update/",
    "action page": "/actions/{pk}/",
    "progress form": "/actions/{pk}/progress/new/",
    "post progress update": "/actions/{pk}/progress/new/",
    "sign-off check": "/actions/{pk}/sign-off/",
    "post sign-off": "/actions/{pk}/sign-off/",
    "plan page": "/plans/{pk}/",
    "plan dashboard": "/plans/{pk}/dashboard/",
    "dashboard across plans": "/dashboard/",
    "partnership overview": "/partnerships/{pk}/overview/",
}
WRITES = ("post progress update", "post sign-off")
