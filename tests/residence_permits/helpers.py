"""Helpers of the residence permit tests: addresses in each city, signed-in clients."""

from django.test import Client

from registers.constants import Zone
from registers.models import Region
from tests.factories import AddressFactory, PoliceStationFactory, UserFactory, sign_in_verified

# A district of each city, for addresses and stations there.
CITY_REGIONS = {"qujing": "530302", "lincang": "530902", "dehong": "533102", "chenzhou": "431002", "jilin": "220202"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def address_in(city: str, **kwargs):
    station = kwargs.pop("station", None) or PoliceStationFactory(region=Region.objects.get(code=CITY_REGIONS[city]))
    return AddressFactory(station=station, zone=kwargs.pop("zone", Zone.CENTRAL_URBAN), **kwargs)


def signed_in(user) -> Client:
    """A client signed in as the user; staff also past their second factor, as staff pages require."""
    client = Client()
    if user.is_staff_role:
        return sign_in_verified(client, user)
    client.force_login(user)
    return client


def clerk_of(station):
    return UserFactory(clerk=True, station=station)
