"""The Django admin, open to superusers only.

The admin edits every partnership's rows and knows nothing of our permission rules, so it is
not offered to ordinary staff: `is_staff` alone opens nothing (the rules in each app's
`permissions.py` govern the service's pages, and the staff flag is no back door around them).
Superusers are the people who set the service up: partnerships, agencies, accounts. It is
django-otp's admin site: a superuser must also have passed the second step of sign-in
(an authenticator app or a backup code) in this session.
"""

from django.http import HttpRequest
from django_otp.admin import OTPAdminSite

from accounts.twofactor import is_verified


class SuperuserAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin") -> None:
        # django-otp names its site "otpadmin"; ours is the site at /admin/, under Django's name.
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_superuser and is_verified(user)
