"""Importing ORUK feeds (files and APIs) and exporting the directory as one."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from directory import models as m
from directory.oruk import schemas
from directory.oruk.exporter import oruk_export_records
from directory.oruk.importer import feed_read, oruk_import
from tests.test_oruk_api import full_service

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "fixtures" / "oruk" / "feed.json"
FULL_ID = "6a3e0b1b-03d2-5ba5-806f-ff7ece7159cc"


@pytest.fixture(autouse=True)
def _listings_never_stale(settings):
    settings.LISTINGS_FLAG_AFTER_DAYS = 100_000
    settings.LISTINGS_HIDE_AFTER_DAYS = 100_000


def import_file(path: Path = FEED):
    return oruk_import(records=feed_read(str(path)), source=str(path))


def test_a_feed_with_broken_records_imports_the_good_ones_and_reports_the_bad():
    report = import_file()
    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 2}
    schema_rejection, model_rejection = report.rejected
    assert schema_rejection.index == 2
    assert any(r.startswith("$.status:") for r in schema_rejection.reasons)
    assert any("'name' is a required property" in r for r in schema_rejection.reasons)
    assert any(r.startswith("$.organization.id:") for r in schema_rejection.reasons)
    assert model_rejection.index == 3
    assert model_rejection.reasons == [
        "$.service_at_locations[0].location.addresses[0].postal_code: "
        "Ensure this value has at most 10 characters (it has 16)."
    ]
    # Nothing of the rejected records was kept.
    assert not m.Location.objects.filter(name="", addresses__city="Wigan").exists()
    assert m.Service.objects.count() == 2


def test_imported_records_keep_their_ids_and_source_and_every_nested_object():
    import_file()
    service = m.Service.objects.get(pk=FULL_ID)
    assert service.import_record.source == str(FEED)
    assert service.organisation.name == "Leigh Sangat"
    assert service.organisation.identifiers.get().identifier == "1234567"
    assert service.led_by == ["user_led"] and service.capacity_status == "waiting_list"
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "pa"]
    assert service.contacts.get().phones.get().number == "01632 960100"
    assert service.phones.get().languages.get().code == "pa"
    location = service.service_at_locations.get().location
    assert location.addresses.get().postal_code == "WN7 4AA"
    assert location.local_authority == "Wigan"
    assert service.cost_options.get().amount == 12.5
    assert {t.code for t in service.terms.all()} == {"peer-support", "punjabi"}


def test_unknown_taxonomy_terms_wait_for_review_instead_of_being_dropped():
    report = import_file()
    assert report.terms_queued == 1
    queued = m.UnknownTaxonomyTerm.objects.get()
    assert queued.service_id.hex == FULL_ID.replace("-", "")
    assert queued.term["name"] == "Men's health"
    assert queued.status == m.TermReviewStatus.NEW


def test_uk_profile_languages_without_a_code_are_skipped_with_a_warning():
    report = import_file()
    assert any("language without a code" in w for w in report.warnings)
    minimal = m.Service.objects.get(name="Drop-in advice")
    assert not minimal.languages.exists()
    assert minimal.is_free is False  # inferred from its priced cost option


def test_a_second_import_changes_nothing():
    import_file()
    before = m.Service.objects.get(pk=FULL_ID).last_modified
    report = import_file()
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 2}
    assert report.terms_queued == 0
    assert m.Service.objects.get(pk=FULL_ID).last_modified == before


def test_a_changed_record_is_updated_and_removed_children_go(tmp_path):
    import_file()
    records = json.loads(FEED.read_text())
    records[0]["name"] = "Chai, chat and samosas"
    records[0]["schedules"] = []
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records))
    report = import_file(changed)
    assert report.counts == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 2}
    service = m.Service.objects.get(pk=FULL_ID)
    assert service.name == "Chai, chat and samosas"
    assert not service.schedules.exists()


def test_export_conforms_and_round_trips_without_change(tmp_path):
    full_service()
    import_file()
    first, second, third = (tmp_path / f"export{n}.json" for n in (1, 2, 3))
    call_command("export_oruk", str(first), stdout=StringIO())
    records = json.loads(first.read_text())
    assert len(records) == 3
    for record in records:
        assert schemas.errors("compiled/service.json", record) == []

    report = import_file(first)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    call_command("export_oruk", str(second), stdout=StringIO())
    assert second.read_bytes() == first.read_bytes()

    report = import_file(second)
    assert report.counts["unchanged"] == 3
    call_command("export_oruk", str(third), stdout=StringIO())
    assert third.read_bytes() == first.read_bytes()


def test_export_into_an_empty_directory_recreates_it(tmp_path, django_db_blocker):
    """A second site importing this site's export ends with the same export."""
    full_service()
    exported = oruk_export_records()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    m.Service.objects.all().delete()
    m.Organisation.objects.all().delete()
    m.Location.objects.all().delete()
    report = import_file(path)
    assert report.counts["created"] == 1
    again = oruk_export_records()
    for record in (*exported, *again):
        record.pop("last_modified")
    assert again == exported


def test_import_command_reports_counts_and_reasons():
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(FEED), stdout=out, stderr=err)
    assert "created=2 updated=0 unchanged=0 rejected=2 terms_queued=1" in out.getvalue()
    assert "rejected record 2" in err.getvalue()
    assert "$.status:" in err.getvalue()


def test_import_command_fails_cleanly_on_an_unreadable_feed(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(Exception, match="bad.json"):
        call_command("import_oruk", str(bad), stdout=StringIO(), stderr=StringIO())


# --- from another ORUK API, served by a local fake on 127.0.0.1 ---------------------------


class _FakeOrukApi(BaseHTTPRequestHandler):
    """Serves /services pages of summaries (two per page) and full /services/{id}."""

    records: list[dict] = []
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path.startswith("/api/services/"):
            wanted = parts.path.rsplit("/", 1)[-1]
            match = [r for r in self.records if r["id"] == wanted]
            return self._json(match[0] if match else {"detail": "not found"}, 200 if match else 404)
        if parts.path == "/api/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            per_page = 2
            chunk = self.records[(page - 1) * per_page : page * per_page]
            summaries = [
                {k: v for k, v in r.items() if k in ("id", "name", "status")} for r in chunk
            ]
            total_pages = -(-len(self.records) // per_page)
            return self._json(
                {
                    "total_items": len(self.records),
                    "total_pages": total_pages,
                    "page_number": page,
                    "size": len(chunk),
                    "first_page": page == 1,
                    "last_page": page >= total_pages,
                    "empty": not chunk,
                    "contents": summaries,
                }
            )
        return self._json({"detail": "not found"}, 404)

    def _json(self, body, status=200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOrukApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeOrukApi.requests = []
    yield server, f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def test_import_walks_an_oruk_apis_pages(fake_api):
    server, base = fake_api
    _FakeOrukApi.records = json.loads(FEED.read_text())
    out = StringIO()
    call_command("import_oruk", base, stdout=out, stderr=StringIO())
    assert "created=2 updated=0 unchanged=0 rejected=2" in out.getvalue()
    pages = [p for p in _FakeOrukApi.requests if p.startswith("/api/services?")]
    assert len(pages) == 2
    assert m.Service.objects.get(pk=FULL_ID).import_record.source == base


def test_import_from_this_sites_own_api_round_trips(fake_api, tmp_path):
    """Another site reading /oruk/ (served here through the test client) gets the same data."""
    full_service()
    pages = Client().get("/oruk/services", {"per_page": 100}).json()
    _FakeOrukApi.records = pages["contents"]
    server, base = fake_api
    report = oruk_import(records=feed_read(base), source=base)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 1, "rejected": 0}
