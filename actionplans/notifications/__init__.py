"""Notifications: hand-offs told to the people they reach, in the app and by email."""
