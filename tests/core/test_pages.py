from django.test import Client
from django.urls import reverse


def test_it_sends_a_visitor_to_sign_in(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_signpost_to_the_front_door_on_the_sign_in_page(partnership):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert b"the Front Door Team" in response.content
    assert b"call 999" in response.content


def test_it_shows_the_home_page_to_a_verified_scrutineer(alice_client):
    response = alice_client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Testshire Safeguarding Children Partnership" in response.content


def test_it_says_to_wait_rather_than_calling_a_right_code_wrong_after_a_wrong_one(
    alice, partnership
):
    import datetime as dt

    from django.utils import timezone
    from django_otp.oath import totp

    from ..factories import make_device

    device = make_device(alice)
    client = Client()
    client.force_login(alice)
    right = f"{totp(device.bin_key):06d}"
    client.post(reverse("two_factor"), {"token": f"{(int(right) + 1) % 1_000_000:06d}"})
    response = client.post(reverse("two_factor"), {"token": right})
    assert b"Too many wrong security codes in a row" in response.content
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(minutes=5)
    device.save()
    response = client.post(reverse("two_factor"), {"token": right, "next": "/reviews/"})
    assert response.status_code == 302
    assert response["Location"] == "/reviews/"
