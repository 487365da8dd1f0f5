"""Django's ModelBackend, with the signed-in person's user row read from the cache."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from agencies.signed_in import cached_user


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """Every request asks for the person behind the session: answered from the cache,
        which `agencies.signed_in` empties whenever the user row changes (a deactivated
        account, a new password), so the change takes effect at the very next request."""
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
