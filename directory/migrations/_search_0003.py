"""The service search document as migration 0003 created it, for 0011 to extend and to
restore when 0011 is reversed (a migration must not depend on a later edit of 0003)."""

DOCUMENT_0003 = r"""
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
"""
