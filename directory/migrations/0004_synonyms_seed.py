"""A starter list of search synonyms; curators edit them in the admin."""

from django.db import migrations

# (what people type, also search for)
STARTER_SYNONYMS = [
    ("job", "employment, IPS, work"),
    ("jobs", "employment, IPS, work"),
    ("unemployed", "employment, IPS"),
    ("gay", "LGBTQ+"),
    ("lesbian", "LGBTQ+"),
    ("queer", "LGBTQ+"),
    ("bisexual", "LGBTQ+"),
    ("trans", "LGBTQ+, transgender, non-binary"),
    ("new mum", "perinatal, postnatal, baby"),
    ("new mom", "perinatal, postnatal, baby"),
    ("baby", "perinatal, postnatal"),
    ("pregnant", "perinatal, pregnancy"),
    ("postnatal", "perinatal"),
    ("sikh", "Punjabi, gurdwara"),
    ("deaf", "BSL, sign language"),
    ("sign language", "BSL, deaf"),
    ("counselling", "talking therapy, counsellor"),
    ("therapy", "talking therapy, counselling"),
    ("debt", "money advice, welfare"),
    ("benefits", "welfare, money advice"),
    ("refugee", "asylum, refugees"),
    ("asylum seeker", "asylum, refugees"),
    ("lonely", "social, befriending, peer support"),
    ("autism", "autistic"),
    ("ex-offender", "leaving prison"),
    ("elderly", "older people"),
    ("teenager", "young people, youth"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("directory", "Synonym")
    for phrase, alternatives in STARTER_SYNONYMS:
        Synonym.objects.get_or_create(phrase=phrase, defaults={"alternatives": alternatives})


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
