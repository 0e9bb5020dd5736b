"""Full-text search: a weighted tsvector on each service, kept current by triggers.

Why triggers: docs/decisions/001-search-vector-triggers.md. The SQL lives here rather than
in directory/search/sql.py so that this migration keeps meaning what it meant when it ran.
A later migration that renames or drops a column used by fyp_service_search_document()
must replace that function too.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

TEXT_SEARCH_CONFIG = """
-- English stemming after unaccent, so 'café' finds 'cafe' and 'Señora' finds 'senora'.
CREATE TEXT SEARCH CONFIGURATION fyp_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION fyp_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""

DROP_TEXT_SEARCH_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS fyp_english;"

FUNCTIONS = r"""
-- Words for the led-by and access-mode codes, so 'user-led', 'online' or 'drop-in' match.
CREATE FUNCTION fyp_code_words(codes text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(CASE code
        WHEN 'user_led' THEN 'user-led peer-led lived experience'
        WHEN 'by_and_for' THEN 'by and for'
        WHEN 'in_person' THEN 'in person face-to-face'
        WHEN 'online' THEN 'online video'
        WHEN 'phone' THEN 'phone telephone'
        WHEN 'home_visit' THEN 'home visits'
        WHEN 'outreach' THEN 'outreach'
        WHEN 'drop_in' THEN 'drop-in'
        ELSE replace(code, '_', ' ') END, ' '), '')
    FROM unnest(codes) AS code
$$;

-- The weighted document of one service row:
--   A  service name and other name
--   B  organisation name, taxonomy terms, languages, led-by and access-mode words
--   C  description and eligibility
--   D  other text people read on the listing
-- Long free text is cut (tsvector positions stop at 16383 and its size at 1 MB).
CREATE FUNCTION fyp_service_search_document(s directory_service) RETURNS tsvector
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT
        setweight(to_tsvector('fyp_english', concat_ws(' ', s.name, s.alternate_name)), 'A')
        || setweight(to_tsvector('fyp_english', concat_ws(' ',
            (SELECT concat_ws(' ', o.name, o.alternate_name)
               FROM directory_organisation o WHERE o.id = s.organisation_id),
            (SELECT string_agg(t.name, ' ' ORDER BY t.name)
               FROM directory_attribute a
               JOIN directory_taxonomyterm t ON t.id = a.taxonomy_term_id
              WHERE a.service_id = s.id),
            (SELECT string_agg(l.name, ' ' ORDER BY l.name)
               FROM directory_language l WHERE l.service_id = s.id),
            fyp_code_words(s.led_by || s.access_modes))), 'B')
        || setweight(to_tsvector('fyp_english', concat_ws(' ',
            left(s.description, 20000), left(s.eligibility_description, 5000))), 'C')
        || setweight(to_tsvector('fyp_english', concat_ws(' ',
            left(s.interpretation_services, 2000), left(s.application_process, 2000),
            left(s.fees, 2000), left(s.accreditations, 2000))), 'D')
$$;

CREATE FUNCTION fyp_service_search_vector_set() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search_vector := fyp_service_search_document(NEW);
    RETURN NEW;
END
$$;

-- The other tables ask for a recompute by setting search_vector to NULL; the
-- BEFORE UPDATE trigger on directory_service then rebuilds it in the same statement.
CREATE FUNCTION fyp_attribute_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM old_rows);
    ELSE
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT n.service_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                       WHERE (n.service_id, n.taxonomy_term_id)
                             IS DISTINCT FROM (o.service_id, o.taxonomy_term_id)
                      UNION
                      SELECT o.service_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                       WHERE (n.service_id, n.taxonomy_term_id)
                             IS DISTINCT FROM (o.service_id, o.taxonomy_term_id));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fyp_language_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM old_rows);
    ELSE
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT n.service_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                       WHERE (n.service_id, n.name) IS DISTINCT FROM (o.service_id, o.name)
                      UNION
                      SELECT o.service_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                       WHERE (n.service_id, n.name) IS DISTINCT FROM (o.service_id, o.name));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fyp_organisation_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE directory_service SET search_vector = NULL
     WHERE organisation_id IN (
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.name, n.alternate_name) IS DISTINCT FROM (o.name, o.alternate_name));
    RETURN NULL;
END
$$;

CREATE FUNCTION fyp_taxonomyterm_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE directory_service SET search_vector = NULL
     WHERE id IN (
        SELECT a.service_id FROM directory_attribute a
         WHERE a.taxonomy_term_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.name IS DISTINCT FROM o.name));
    RETURN NULL;
END
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS fyp_taxonomyterm_search_changed();
DROP FUNCTION IF EXISTS fyp_organisation_search_changed();
DROP FUNCTION IF EXISTS fyp_language_search_changed();
DROP FUNCTION IF EXISTS fyp_attribute_search_changed();
DROP FUNCTION IF EXISTS fyp_service_search_vector_set();
DROP FUNCTION IF EXISTS fyp_service_search_document(directory_service);
DROP FUNCTION IF EXISTS fyp_code_words(text[]);
"""

TRIGGERS = """
CREATE TRIGGER fyp_service_search_insert
    BEFORE INSERT ON directory_service
    FOR EACH ROW EXECUTE FUNCTION fyp_service_search_vector_set();

-- Recompute when searched text changes, or when a writer sends a search_vector that differs
-- from the stored one: a NULL (the recompute request above) or a stale copy that Django's
-- save() writes back from an instance loaded before a term, language or name changed.
CREATE TRIGGER fyp_service_search_update
    BEFORE UPDATE ON directory_service
    FOR EACH ROW
    WHEN (NEW.search_vector IS NULL
          OR NEW.search_vector IS DISTINCT FROM OLD.search_vector
          OR (NEW.name, NEW.alternate_name, NEW.description, NEW.eligibility_description,
              NEW.organisation_id, NEW.led_by, NEW.access_modes, NEW.interpretation_services,
              NEW.application_process, NEW.fees, NEW.accreditations)
             IS DISTINCT FROM
             (OLD.name, OLD.alternate_name, OLD.description, OLD.eligibility_description,
              OLD.organisation_id, OLD.led_by, OLD.access_modes, OLD.interpretation_services,
              OLD.application_process, OLD.fees, OLD.accreditations))
    EXECUTE FUNCTION fyp_service_search_vector_set();

-- Statement-level with transition tables: a bulk insert of 10,000 attributes costs one
-- UPDATE of the affected services, not 10,000.
CREATE TRIGGER fyp_attribute_search_insert
    AFTER INSERT ON directory_attribute REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_attribute_search_changed();
CREATE TRIGGER fyp_attribute_search_update
    AFTER UPDATE ON directory_attribute REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_attribute_search_changed();
CREATE TRIGGER fyp_attribute_search_delete
    AFTER DELETE ON directory_attribute REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_attribute_search_changed();

CREATE TRIGGER fyp_language_search_insert
    AFTER INSERT ON directory_language REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_language_search_changed();
CREATE TRIGGER fyp_language_search_update
    AFTER UPDATE ON directory_language REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_language_search_changed();
CREATE TRIGGER fyp_language_search_delete
    AFTER DELETE ON directory_language REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_language_search_changed();

CREATE TRIGGER fyp_organisation_search_update
    AFTER UPDATE ON directory_organisation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_organisation_search_changed();

CREATE TRIGGER fyp_taxonomyterm_search_update
    AFTER UPDATE ON directory_taxonomyterm REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_taxonomyterm_search_changed();

-- Backfill: the update trigger rebuilds every vector.
UPDATE directory_service SET search_vector = NULL;
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS fyp_taxonomyterm_search_update ON directory_taxonomyterm;
DROP TRIGGER IF EXISTS fyp_organisation_search_update ON directory_organisation;
DROP TRIGGER IF EXISTS fyp_language_search_delete ON directory_language;
DROP TRIGGER IF EXISTS fyp_language_search_update ON directory_language;
DROP TRIGGER IF EXISTS fyp_language_search_insert ON directory_language;
DROP TRIGGER IF EXISTS fyp_attribute_search_delete ON directory_attribute;
DROP TRIGGER IF EXISTS fyp_attribute_search_update ON directory_attribute;
DROP TRIGGER IF EXISTS fyp_attribute_search_insert ON directory_attribute;
DROP TRIGGER IF EXISTS fyp_service_search_update ON directory_service;
DROP TRIGGER IF EXISTS fyp_service_search_insert ON directory_service;
"""

# Indexes Django's model state does not describe (expressions on other apps' columns and
# operator classes); directory/search/sql.py writes its queries to match them exactly.
INDEXES = """
CREATE INDEX directory_service_name_trgm ON directory_service
    USING gin (name gin_trgm_ops);
CREATE INDEX directory_organisation_name_trgm ON directory_organisation
    USING gin (name gin_trgm_ops);
CREATE INDEX directory_taxonomyterm_name_trgm ON directory_taxonomyterm
    USING gin (name gin_trgm_ops);
CREATE INDEX directory_location_earth ON directory_location
    USING gist (ll_to_earth(latitude, longitude))
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
CREATE INDEX directory_servicearea_upper_name ON directory_servicearea (upper(name));
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS directory_servicearea_upper_name;
DROP INDEX IF EXISTS directory_location_earth;
DROP INDEX IF EXISTS directory_taxonomyterm_name_trgm;
DROP INDEX IF EXISTS directory_organisation_name_trgm;
DROP INDEX IF EXISTS directory_service_name_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_extensions_and_vocabularies"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phrase", models.CharField(help_text="A word or short phrase, e.g. 'job' or 'new mum'.", max_length=100, verbose_name="what people type")),
                ("alternatives", models.CharField(help_text="Separate alternatives with commas, e.g. 'employment, IPS'. Every word of one alternative must appear in a listing for it to match.", max_length=500, verbose_name="also search for")),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="note for curators")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "search synonym",
                "verbose_name_plural": "search synonyms",
                "ordering": ["phrase"],
            },
        ),
        migrations.AddConstraint(
            model_name="synonym",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("phrase"), name="directory_synonym_phrase_unique"),
        ),
        migrations.AddField(
            model_name="service",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(TEXT_SEARCH_CONFIG, DROP_TEXT_SEARCH_CONFIG),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="service",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="directory_service_search_gin"),
        ),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
