"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from directory import models as m


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = m.Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    description = "A small community group."


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = m.Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Weekly peer support."
    status = m.ServiceStatus.ACTIVE
    referral_routes = factory.LazyFunction(lambda: ["self", "professional"])
    access_modes = factory.LazyFunction(lambda: ["in_person"])
    # Checked recently, relative to today, so listings never age into 'out of date'.
    assured_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        """``terms=["service-types:peer-support", "communities:punjabi"]``."""
        if not create or not extracted:
            return
        for ref in extracted:
            slug, code = ref.split(":")
            term = m.TaxonomyTerm.objects.get(taxonomy__slug=slug, code=code)
            m.Attribute.objects.create(service=self, taxonomy_term=term)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = m.Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community Centre {n}")
    latitude = 53.5450
    longitude = -2.6325
    local_authority = "Wigan"


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = m.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "1 Market Street"
    city = "Wigan"
    state_province = "Greater Manchester"
    postal_code = "WN1 1AA"


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = m.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = m.Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "MO"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = m.Language

    service = factory.SubFactory(ServiceFactory)
    name = "English"
    code = "en"


class ServiceAreaFactory(DjangoModelFactory):
    class Meta:
        model = m.ServiceArea

    service = factory.SubFactory(ServiceFactory)
    name = "Wigan"
    extent_type = "local_authority"
