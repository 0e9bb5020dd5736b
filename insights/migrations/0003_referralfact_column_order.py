"""Rebuild insights_referralfact for speed: columns in a faster order, a term set number
instead of two arrays, and two numbers computed once instead of per reading.

The figures scan every fact row. PostgreSQL reads the fixed-width columns placed before the
first variable-width one fastest, so the ids, tokens and dates now come first (about a third
less time per scan on 1 million referrals: bench/insights.py). Each referral's service types
and communities move to insights_termset (one row per distinct combination; facts keep its
id): a quarter less to read, and grouping by type of help 2.5 times faster. New:
days_to_contact (calendar days from submitted to first contact) and submitted_quarter
(20263 for 2026 Q3). PostgreSQL cannot reorder the columns of a table, so the table is
recreated; the rows are copied out and back in SQL (nothing recomputed, nothing lost).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import insights.coding

COPY = "insights_referralfact_0003_copy"
# Every column of the old table but the two arrays, which become a term set.
SHARED = ", ".join(
    [
        "referral_id",
        "service_id",
        "organisation_id",
        "route",
        "age_band",
        "person_area",
        "service_area",
        "submitted_at",
        "opened_at",
        "accepted_at",
        "waiting_list_at",
        "contacted_at",
        "met_at",
        "declined_at",
        "closed_at",
        "withdrawn_at",
        "decline_reason",
        "outcome",
        "experience_rating",
        "life_satisfaction_0",
        "worthwhile_0",
        "happiness_0",
        "anxiety_0",
        "life_satisfaction_8",
        "worthwhile_8",
        "happiness_8",
        "anxiety_8",
        "ethnic_group",
        "ethnic_heading",
        "sex",
        "gender_same_as_birth",
        "sexual_orientation",
        "disability",
        "religion",
        "main_language",
        "imd_decile",
        "refreshed_at",
    ]
)


def copy_out(apps, schema_editor):
    schema_editor.execute(
        f"CREATE TABLE {COPY} AS SELECT {SHARED}, service_types, communities "
        "FROM insights_referralfact"
    )


def copy_in(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO insights_termset (service_types, communities) "
        f"SELECT DISTINCT service_types, communities FROM {COPY}"
    )
    shared = ", ".join(f"c.{column.strip()}" for column in SHARED.split(","))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO insights_referralfact ({SHARED}, term_set_id, days_to_contact, "
            f"submitted_quarter) SELECT {shared}, t.id, "
            "(c.contacted_at AT TIME ZONE %(tz)s)::date - (c.submitted_at AT TIME ZONE %(tz)s)::date, "
            "(extract(year FROM c.submitted_at AT TIME ZONE %(tz)s) * 10 "
            "+ extract(quarter FROM c.submitted_at AT TIME ZONE %(tz)s))::int "
            f"FROM {COPY} c JOIN insights_termset t "
            "ON t.service_types = c.service_types AND t.communities = c.communities",
            {"tz": settings.TIME_ZONE},
        )
    schema_editor.execute(f"DROP TABLE {COPY}")
    schema_editor.execute("ANALYZE insights_referralfact")  # plans need the new table's stats


def copy_out_reverse(apps, schema_editor):
    shared = ", ".join(f"f.{column.strip()}" for column in SHARED.split(","))
    schema_editor.execute(
        f"CREATE TABLE {COPY} AS SELECT {shared}, t.service_types, t.communities "
        "FROM insights_referralfact f JOIN insights_termset t ON t.id = f.term_set_id"
    )


def copy_in_reverse(apps, schema_editor):
    columns = f"{SHARED}, service_types, communities"
    schema_editor.execute(
        f"INSERT INTO insights_referralfact ({columns}) SELECT {columns} FROM {COPY}"
    )
    schema_editor.execute(f"DROP TABLE {COPY}")


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_commissioners_group"),
        ("referrals", "0003_followups"),
    ]

    operations = [
        migrations.RunPython(copy_out, copy_in_reverse),
        migrations.DeleteModel(name="ReferralFact"),
        migrations.CreateModel(
            name="TermSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "service_types",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.UUIDField(), default=list, size=None
                    ),
                ),
                (
                    "communities",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.UUIDField(), default=list, size=None
                    ),
                ),
            ],
            options={
                "verbose_name": "set of types of help and communities",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["service_types"], name="insights_termset_types"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["communities"], name="insights_termset_communities"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("service_types", "communities"), name="insights_termset_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReferralFact",
            fields=[
                (
                    "referral",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="referrals.referral",
                    ),
                ),
                ("service_id", models.UUIDField()),
                ("organisation_id", models.UUIDField()),
                ("ethnic_group", insights.coding.CharacteristicTokenField(default=0)),
                ("ethnic_heading", insights.coding.CharacteristicTokenField(default=0)),
                ("sex", insights.coding.CharacteristicTokenField(default=0)),
                ("gender_same_as_birth", insights.coding.CharacteristicTokenField(default=0)),
                ("sexual_orientation", insights.coding.CharacteristicTokenField(default=0)),
                ("disability", insights.coding.CharacteristicTokenField(default=0)),
                ("religion", insights.coding.CharacteristicTokenField(default=0)),
                ("main_language", insights.coding.CharacteristicTokenField(default=0)),
                ("imd_decile", insights.coding.CharacteristicTokenField(default=0)),
                (
                    "term_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="insights.termset",
                    ),
                ),
                ("refreshed_at", models.DateTimeField(auto_now=True)),
                ("submitted_at", models.DateTimeField(null=True)),
                ("opened_at", models.DateTimeField(null=True)),
                ("accepted_at", models.DateTimeField(null=True)),
                ("waiting_list_at", models.DateTimeField(null=True)),
                ("contacted_at", models.DateTimeField(null=True)),
                ("met_at", models.DateTimeField(null=True)),
                ("declined_at", models.DateTimeField(null=True)),
                ("closed_at", models.DateTimeField(null=True)),
                ("withdrawn_at", models.DateTimeField(null=True)),
                ("days_to_contact", models.IntegerField(null=True)),
                ("submitted_quarter", models.IntegerField(null=True)),
                ("experience_rating", models.PositiveSmallIntegerField(null=True)),
                ("life_satisfaction_0", models.PositiveSmallIntegerField(null=True)),
                ("worthwhile_0", models.PositiveSmallIntegerField(null=True)),
                ("happiness_0", models.PositiveSmallIntegerField(null=True)),
                ("anxiety_0", models.PositiveSmallIntegerField(null=True)),
                ("life_satisfaction_8", models.PositiveSmallIntegerField(null=True)),
                ("worthwhile_8", models.PositiveSmallIntegerField(null=True)),
                ("happiness_8", models.PositiveSmallIntegerField(null=True)),
                ("anxiety_8", models.PositiveSmallIntegerField(null=True)),
                ("route", models.CharField(max_length=20)),
                ("age_band", models.CharField(blank=True, max_length=5)),
                ("person_area", models.CharField(blank=True, max_length=100)),
                ("service_area", models.CharField(blank=True, max_length=100)),
                (
                    "area",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Case(
                            models.When(
                                models.Q(("person_area", ""), _negated=True),
                                then=models.F("person_area"),
                            ),
                            default=models.F("service_area"),
                        ),
                        output_field=models.CharField(max_length=100),
                    ),
                ),
                ("decline_reason", models.CharField(blank=True, max_length=20)),
                ("outcome", models.CharField(blank=True, max_length=20)),
            ],
            options={
                "verbose_name": "referral fact",
                "indexes": [
                    models.Index(fields=["submitted_at"], name="insights_fact_submitted"),
                    models.Index(fields=["area", "submitted_at"], name="insights_fact_area"),
                    models.Index(
                        fields=["organisation_id", "submitted_at"], name="insights_fact_org"
                    ),
                    models.Index(
                        fields=["service_id", "submitted_at"], name="insights_fact_service"
                    ),
                    models.Index(fields=["term_set"], name="insights_fact_term_set"),
                ],
            },
        ),
        migrations.RunPython(copy_in, copy_out_reverse),
    ]
