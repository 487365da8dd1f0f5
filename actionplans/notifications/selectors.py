"""A person's notifications: only those about partnerships they are still a member of."""

from django.db.models import QuerySet

from actionplans.notifications.models import Notification
from agencies.models import User
from agencies.permissions import AnyUser, membership_rows


def notifications_of(user: AnyUser) -> QuerySet[Notification]:
    if not isinstance(user, User) or not user.is_active:
        return Notification.objects.none()
    partnerships = sorted({row.partnership_id for row in membership_rows(user)})
    return Notification.objects.filter(recipient_id=user.pk, partnership_id__in=partnerships)


def unread_count(user: object) -> int:
    """For the header on every page: one query on the partial index of unread rows."""
    if not isinstance(user, User) or not user.is_active:
        return 0
    return notifications_of(user).filter(read_at=None).count()
