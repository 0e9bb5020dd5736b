"""Search finds listings by the words groups wrote in other languages.

* ``fyp_language_ts_config(code)``: the text search configuration for a site language.
  PostgreSQL 15 and 18 ship a stemmer for Arabic only among the site's languages (checked
  in pg_catalog.pg_ts_config on both); the others (Welsh, Polish, Urdu, Punjabi, Bengali,
  Somali) use ``simple``: lower-cased words, no stemming, no stop words.
* Each service's document (0003) gains its own and its organisation's translations, each
  parsed with its language's configuration, at the same weights as the English fields.
* Statement-level triggers on the translation tables ask for a rebuild, and bump the
  content version (0006) so cached pages show a new translation at once.
* Synonyms in the site's languages for common needs, mapped to the directory's words.

See docs/decisions/008-languages.md.
"""

from django.db import migrations

from directory.migrations._search_0003 import DOCUMENT_0003

LANGUAGE_CONFIG = r"""
CREATE FUNCTION fyp_language_ts_config(code text) RETURNS regconfig
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT COALESCE(
        (SELECT c.oid::regconfig FROM pg_catalog.pg_ts_config c
          WHERE c.cfgname = CASE split_part(code, '-', 1)
                                WHEN 'ar' THEN 'arabic'
                                WHEN 'en' THEN 'fyp_english'
                            END),
        'simple'::regconfig)
$$;

CREATE FUNCTION fyp_translations_document(service_id uuid, organisation_id uuid)
RETURNS tsvector
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
    doc tsvector := ''::tsvector;
    r record;
BEGIN
    FOR r IN SELECT t.language, t.name, t.description, t.application_process
               FROM directory_servicetranslation t WHERE t.service_id = $1 LOOP
        doc := doc
            || setweight(to_tsvector(fyp_language_ts_config(r.language), r.name), 'A')
            || setweight(to_tsvector(fyp_language_ts_config(r.language),
                                     left(r.description, 20000)), 'C')
            || setweight(to_tsvector(fyp_language_ts_config(r.language),
                                     left(r.application_process, 2000)), 'D');
    END LOOP;
    FOR r IN SELECT t.language, t.name
               FROM directory_organisationtranslation t WHERE t.organisation_id = $2 LOOP
        doc := doc || setweight(to_tsvector(fyp_language_ts_config(r.language), r.name), 'B');
    END LOOP;
    RETURN doc;
END
$$;
"""

DOCUMENT_WITH_TRANSLATIONS = DOCUMENT_0003.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
).replace(
    "left(s.fees, 2000), left(s.accreditations, 2000))), 'D')",
    "left(s.fees, 2000), left(s.accreditations, 2000))), 'D')\n"
    "        || fyp_translations_document(s.id, s.organisation_id)",
)

TRIGGERS = r"""
CREATE FUNCTION fyp_servicetranslation_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM new_rows);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE id IN (SELECT service_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fyp_organisationtranslation_search_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE organisation_id IN (SELECT organisation_id FROM new_rows);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE directory_service SET search_vector = NULL
         WHERE organisation_id IN (SELECT organisation_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;
"""

TABLE_TRIGGERS = ""
for table, function in (
    ("directory_servicetranslation", "fyp_servicetranslation_search_changed"),
    ("directory_organisationtranslation", "fyp_organisationtranslation_search_changed"),
):
    TABLE_TRIGGERS += f"""
CREATE TRIGGER fyp_search_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER fyp_search_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER fyp_search_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER fyp_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION fyp_content_version_bump();
"""

DROP = """
DROP TRIGGER IF EXISTS fyp_search_insert ON directory_servicetranslation;
DROP TRIGGER IF EXISTS fyp_search_update ON directory_servicetranslation;
DROP TRIGGER IF EXISTS fyp_search_delete ON directory_servicetranslation;
DROP TRIGGER IF EXISTS fyp_content_version ON directory_servicetranslation;
DROP TRIGGER IF EXISTS fyp_search_insert ON directory_organisationtranslation;
DROP TRIGGER IF EXISTS fyp_search_update ON directory_organisationtranslation;
DROP TRIGGER IF EXISTS fyp_search_delete ON directory_organisationtranslation;
DROP TRIGGER IF EXISTS fyp_content_version ON directory_organisationtranslation;
DROP FUNCTION IF EXISTS fyp_servicetranslation_search_changed();
DROP FUNCTION IF EXISTS fyp_organisationtranslation_search_changed();
"""

# (what people type, also search for): common needs in Urdu, Punjabi (Gurmukhi), Bengali,
# Somali, Polish, Arabic and Welsh, mapped to the words English listings use.
SYNONYMS = [
    # depression
    ("ڈپریشن", "depression, low mood"),
    ("افسردگی", "depression, low mood"),
    ("اداسی", "depression, low mood"),
    ("ਉਦਾਸੀ", "depression, low mood"),
    ("ਡਿਪਰੈਸ਼ਨ", "depression, low mood"),
    ("বিষণ্ণতা", "depression, low mood"),
    ("ডিপ্রেশন", "depression, low mood"),
    ("niyad-jab", "depression, low mood"),
    ("murug", "depression, low mood"),
    ("depresja", "depression, low mood"),
    ("اكتئاب", "depression, low mood"),
    ("الاكتئاب", "depression, low mood"),
    ("iselder", "depression, low mood"),
    # anxiety
    ("بے چینی", "anxiety, worry, stress"),
    ("گھبراہٹ", "anxiety, worry, stress"),
    ("پریشانی", "anxiety, worry, stress"),
    ("ਚਿੰਤਾ", "anxiety, worry, stress"),
    ("ਘਬਰਾਹਟ", "anxiety, worry, stress"),
    ("উদ্বেগ", "anxiety, worry, stress"),
    ("দুশ্চিন্তা", "anxiety, worry, stress"),
    ("walwal", "anxiety, worry, stress"),
    ("lęk", "anxiety, worry, stress"),
    ("niepokój", "anxiety, worry, stress"),
    ("قلق", "anxiety, worry, stress"),
    ("القلق", "anxiety, worry, stress"),
    ("gorbryder", "anxiety, worry, stress"),
    ("pryder", "anxiety, worry, stress"),
    # women
    ("خواتین", "women"),
    ("عورتیں", "women"),
    ("عورت", "women"),
    ("ਔਰਤਾਂ", "women"),
    ("ਔਰਤ", "women"),
    ("নারী", "women"),
    ("মহিলা", "women"),
    ("haween", "women"),
    ("dumar", "women"),
    ("kobiety", "women"),
    ("kobieta", "women"),
    ("نساء", "women"),
    ("النساء", "women"),
    ("menywod", "women"),
    # men
    ("مرد", "men"),
    ("ਮਰਦ", "men"),
    ("ਆਦਮੀ", "men"),
    ("পুরুষ", "men"),
    ("rag", "men"),
    ("mężczyźni", "men"),
    ("mężczyzna", "men"),
    ("رجال", "men"),
    ("الرجال", "men"),
    ("dynion", "men"),
    # job, work
    ("نوکری", "employment, IPS, work"),
    ("ملازمت", "employment, IPS, work"),
    ("روزگار", "employment, IPS, work"),
    ("ਨੌਕਰੀ", "employment, IPS, work"),
    ("ਰੁਜ਼ਗਾਰ", "employment, IPS, work"),
    ("চাকরি", "employment, IPS, work"),
    ("shaqo", "employment, IPS, work"),
    ("praca", "employment, IPS, work"),
    ("وظيفة", "employment, IPS, work"),
    ("عمل", "employment, IPS, work"),
    ("swydd", "employment, IPS, work"),
    ("gwaith", "employment, IPS, work"),
    # young people
    ("نوجوان", "young people, youth"),
    ("ਨੌਜਵਾਨ", "young people, youth"),
    ("তরুণ", "young people, youth"),
    ("যুবক", "young people, youth"),
    ("dhallinyaro", "young people, youth"),
    ("młodzież", "young people, youth"),
    ("شباب", "young people, youth"),
    ("الشباب", "young people, youth"),
    ("pobl ifanc", "young people, youth"),
    # carer
    ("نگہداشت", "carer, carers"),
    ("ਦੇਖਭਾਲ", "carer, carers"),
    ("পরিচর্যাকারী", "carer, carers"),
    ("daryeele", "carer, carers"),
    ("opiekun", "carer, carers"),
    ("رعاية", "carer, carers"),
    ("gofalwr", "carer, carers"),
    ("gofalwyr", "carer, carers"),
    # loneliness
    ("تنہائی", "social, befriending, peer support"),
    ("ਇਕੱਲਾਪਣ", "social, befriending, peer support"),
    ("একাকীত্ব", "social, befriending, peer support"),
    ("kalinimo", "social, befriending, peer support"),
    ("samotność", "social, befriending, peer support"),
    ("الوحدة", "social, befriending, peer support"),
    ("unigrwydd", "social, befriending, peer support"),
    # debt
    ("قرض", "money advice, welfare, debt"),
    ("ਕਰਜ਼ਾ", "money advice, welfare, debt"),
    ("ঋণ", "money advice, welfare, debt"),
    ("deyn", "money advice, welfare, debt"),
    ("długi", "money advice, welfare, debt"),
    ("ديون", "money advice, welfare, debt"),
    ("dyled", "money advice, welfare, debt"),
    # mental health
    ("ذہنی صحت", "mental health, wellbeing"),
    ("ਮਾਨਸਿਕ ਸਿਹਤ", "mental health, wellbeing"),
    ("মানসিক স্বাস্থ্য", "mental health, wellbeing"),
    ("caafimaadka maskaxda", "mental health, wellbeing"),
    ("zdrowie psychiczne", "mental health, wellbeing"),
    ("الصحة النفسية", "mental health, wellbeing"),
    ("iechyd meddwl", "mental health, wellbeing"),
]

NOTE = "Site language synonym (0011); needs community review"


def add_synonyms(apps, schema_editor):
    synonym = apps.get_model("directory", "Synonym")
    existing = {p.casefold() for p in synonym.objects.values_list("phrase", flat=True)}
    synonym.objects.bulk_create(
        synonym(phrase=" ".join(phrase.casefold().split()), alternatives=alternatives, note=NOTE)
        for phrase, alternatives in SYNONYMS
        if phrase.casefold() not in existing
    )


def remove_synonyms(apps, schema_editor):
    apps.get_model("directory", "Synonym").objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_listing_translations")]

    operations = [
        migrations.RunSQL(
            LANGUAGE_CONFIG,
            "DROP FUNCTION IF EXISTS fyp_translations_document(uuid, uuid);"
            "DROP FUNCTION IF EXISTS fyp_language_ts_config(text);",
        ),
        migrations.RunSQL(
            DOCUMENT_WITH_TRANSLATIONS,
            DOCUMENT_0003.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
        ),
        migrations.RunSQL(TRIGGERS + TABLE_TRIGGERS, DROP),
        migrations.RunPython(add_synonyms, remove_synonyms),
    ]
