"""Open Referral UK 3.0: the read API at /oruk/, and feed import and export.

mapping      directory records → ORUK objects
params       query parameters (validated by forms)
selectors    public records, prefetched for nesting
views, urls  the API
schemas      the local ORUK JSON Schemas (directory/oruk_schema/) and validators
importer     ORUK feed → directory (services), exporter: directory → ORUK array
"""
