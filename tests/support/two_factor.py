"""Signing a test client in as someone who has passed the second step, as the admin requires."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import User


def sign_in_verified(client: Client, user: User) -> Client:
    """`client.force_login(user)`, then what django-otp's `login()` records once a code from
    their authenticator app (made here if they have none) was accepted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
