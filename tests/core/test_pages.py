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
