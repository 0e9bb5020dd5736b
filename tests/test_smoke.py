import pytest

from directory.models import TaxonomyTerm


@pytest.mark.django_db
def test_vocabularies_seeded():
    assert TaxonomyTerm.objects.filter(taxonomy__slug="service-types").count() == 11
