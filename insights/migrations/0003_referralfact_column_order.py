"""Rebuild insights_referralfact with its columns in a faster order, and add
days_to_contact (calendar days from submitted to first contact) and submitted_quarter
(20263 for 2026 Q3), so the figures group by numbers computed once, not per reading.

The figures scan every fact row; PostgreSQL reads the fixed-width columns placed before the
first variable-width one fastest, so the ids, tokens and dates now come first (about a third
less time per scan on 1 million referrals: bench/insights.py). PostgreSQL cannot reorder the
columns of a table, so the table is recreated; the rows are copied out and back in SQL (the
facts are derived data, but nothing is recomputed and nothing is lost).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import insights.coding

COPY = "insights_referralfact_0003_copy"
COLUMNS = ", ".join(
    [
        "referral_id",
        "service_id",
        "organisation_id",
        "route",
        "age_band",
        "person_area",
        "service_area",
        "service_types",
        "communities",
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
    schema_editor.execute(f"CREATE TABLE {COPY} AS SELECT {COLUMNS} FROM insights_referralfact")


def copy_in(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO insights_referralfact ({COLUMNS}, days_to_contact, submitted_quarter) "
            f"SELECT {COLUMNS}, (contacted_at AT TIME ZONE %(tz)s)::date "
            "- (submitted_at AT TIME ZONE %(tz)s)::date, "
            "(extract(year FROM submitted_at AT TIME ZONE %(tz)s) * 10 "
            f"+ extract(quarter FROM submitted_at AT TIME ZONE %(tz)s))::int FROM {COPY}",
            {"tz": settings.TIME_ZONE},
        )
    schema_editor.execute(f"DROP TABLE {COPY}")
    schema_editor.execute("ANALYZE insights_referralfact")  # plans need the new table's stats


def copy_in_reverse(apps, schema_editor):
    schema_editor.execute(
        f"INSERT INTO insights_referralfact ({COLUMNS}) SELECT {COLUMNS} FROM {COPY}"
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
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["service_types"], name="insights_fact_types"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["communities"], name="insights_fact_communities"
                    ),
                ],
            },
        ),
        migrations.RunPython(copy_in, copy_out),
    ]
