"""The request a signed-in person's page receives, for type checking.

`login_required` guarantees that `request.user` is a `User`, not an `AnonymousUser`; views that
sit behind it annotate their request with this type so that passing `request.user` to a service
that takes a `User` needs no cast.
"""

from django.http import HttpRequest

from agencies.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
