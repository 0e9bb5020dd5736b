"""A fake GOV.UK Notify API on 127.0.0.1, for tests and benchmarks (nothing reaches the internet).

A real HTTP server in a thread, speaking to the real ``notifications-python-client``:

    POST /v2/notifications/sms | email | letter     create (201), counted by ``reference``
    GET  /v2/notifications/{id}                      one notification, with its status
    GET  /v2/notifications?reference=…               search by reference

Every request must carry a valid Notify JWT (HS256, signed with the key's secret, issued
by the key's service id, fresh). It can be told to fail the next N creates with 500, to
answer 400 for ever for a given recipient, to be slow, and which status to report.

    with FakeNotify() as notify:
        settings.NOTIFY_API_KEY = notify.api_key
        settings.NOTIFY_BASE_URL = notify.url
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

CHANNELS = ("sms", "email", "letter")


class FakeNotify:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.api_key = f"fake_notify-{self.service_id}-{self.secret}"
        self.delay = delay
        self.lock = threading.Lock()
        self.notifications: dict[str, dict] = {}
        self.creates: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.fail_next_count = 0
        self.fail_status = 500
        self.rejected: dict[str, int] = {}
        self.default_status = "sending"
        self.unauthorised = 0
        self._server: ThreadingHTTPServer | None = None

    # --- Control ------------------------------------------------------------------------
    def fail_next(self, count: int, *, status: int = 500) -> None:
        """The next ``count`` creates answer ``status`` (and create nothing)."""
        with self.lock:
            self.fail_next_count, self.fail_status = count, status

    def reject(self, recipient: str, *, status: int = 400) -> None:
        """Every create for this phone number, email address or first address line fails."""
        with self.lock:
            self.rejected[recipient] = status

    def set_status(self, reference: str, status: str) -> None:
        with self.lock:
            for notification in self.notifications.values():
                if notification["reference"] == reference:
                    notification["status"] = status

    def count(self, reference: str) -> int:
        """How many times a message with this reference was created."""
        with self.lock:
            return self.creates[reference]

    def duplicates(self) -> int:
        with self.lock:
            return sum(n - 1 for n in self.creates.values() if n > 1)

    def created(self, channel: str | None = None) -> list[dict]:
        with self.lock:
            return [
                n for n in self.notifications.values() if channel is None or n["type"] == channel
            ]

    # --- Life cycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeNotify:
        fake = self

        class Handler(_Handler):
            notify = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeNotify:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- Behaviour ----------------------------------------------------------------------
    def authorised(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            return get_token_issuer(token) == self.service_id and decode_jwt_token(
                token, self.secret
            )
        except TokenError:
            return False

    def create(self, channel: str, body: dict) -> tuple[int, dict]:
        recipient = _recipient(channel, body)
        reference = body.get("reference", "")
        with self.lock:
            if self.fail_next_count > 0:
                self.fail_next_count -= 1
                return self.fail_status, _error(self.fail_status, "Internal server error")
            if recipient in self.rejected:
                status = self.rejected[recipient]
                return status, _error(status, f"Can't send to this recipient ({channel})")
            if not body.get("template_id"):
                return 400, _error(400, "template_id is a required property")
            notification = {
                "id": str(uuid.uuid4()),
                "reference": reference,
                "type": channel,
                "status": self.default_status,
                "recipient": recipient,
                "personalisation": body.get("personalisation", {}),
                "template": {"id": body["template_id"], "version": 1},
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            }
            self.notifications[notification["id"]] = notification
            self.creates[reference] += 1
        return 201, {
            "id": notification["id"],
            "reference": reference,
            "content": {"body": notification["personalisation"].get("body", "")},
            "template": notification["template"],
        }

    def find(self, reference: str | None) -> list[dict]:
        with self.lock:
            return [
                _public(n)
                for n in self.notifications.values()
                if reference is None or n["reference"] == reference
            ]

    def get(self, notification_id: str) -> dict | None:
        with self.lock:
            found = self.notifications.get(notification_id)
            return _public(found) if found else None


def _recipient(channel: str, body: dict) -> str:
    if channel == "sms":
        return body.get("phone_number", "")
    if channel == "email":
        return body.get("email_address", "")
    return body.get("personalisation", {}).get("address_line_1", "")


def _error(status: int, message: str) -> dict:
    return {"status_code": status, "errors": [{"error": "BadRequestError", "message": message}]}


def _public(notification: dict) -> dict:
    return {
        key: notification[key]
        for key in ("id", "reference", "type", "status", "template", "created_at")
    }


class _Handler(BaseHTTPRequestHandler):
    notify: FakeNotify
    # Keep-alive, as the client's requests.Session expects from the real API; without
    # Nagle's algorithm, or every reply waits ~40 ms for the client's delayed ACK.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.notify.authorised(self.headers.get("Authorization", "")):
            return True
        with self.notify.lock:
            self.notify.unauthorised += 1
        self._reply(403, _error(403, "Invalid token: signature, api token not found"))
        return False

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        path = urlsplit(self.path).path
        with self.notify.lock:
            self.notify.requests[f"POST {path}"] += 1
        if not self._authorised():
            return
        channel = path.removeprefix("/v2/notifications/")
        if channel not in CHANNELS:
            self._reply(404, _error(404, "Not found"))
            return
        if self.notify.delay:
            time.sleep(self.notify.delay)
        status, payload = self.notify.create(channel, json.loads(raw or b"{}"))
        self._reply(status, payload)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        with self.notify.lock:
            self.notify.requests[f"GET {parts.path}"] += 1
        if not self._authorised():
            return
        if parts.path == "/v2/notifications":
            reference = parse_qs(parts.query).get("reference", [None])[0]
            found = self.notify.find(reference)
            self._reply(200, {"notifications": found, "links": {"current": self.path}})
            return
        notification_id = parts.path.removeprefix("/v2/notifications/")
        found = self.notify.get(notification_id)
        if found is None:
            self._reply(404, _error(404, "No result found"))
        else:
            self._reply(200, found)
