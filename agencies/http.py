"""The request a signed-in person's page receives, for type checking.

`LoginRequiredMiddleware` guarantees that `request.user` is a `User`, not an `AnonymousUser`, for
every view not marked `login_not_required`; such views annotate their request with this type so
that passing `request.user` to a service that takes a `User` needs no cast.
"""

from django.http import HttpRequest

from agencies.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
