"""What agencies.people tells the apps above it, which it may not import."""

from django.dispatch import Signal

# Sent after a person becomes a member of a partnership (an invitation accepted, or added by a
# lead), once the membership is saved, with `membership` and `by` (the lead who invited or
# added them, or None). actionplans.notifications tells the person.
person_added = Signal()
