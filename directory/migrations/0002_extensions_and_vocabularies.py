from django.contrib.postgres.operations import (
    BtreeGinExtension,
    CreateExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


def seed(apps, schema_editor):
    from directory.vocabulary import seed_taxonomies

    seed_taxonomies(apps.get_model("directory", "Taxonomy"),
                    apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        BtreeGinExtension(),
        CreateExtension("cube"),
        CreateExtension("earthdistance"),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
