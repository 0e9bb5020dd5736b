"""The short form in which the demo directory is written down.

Only what differs between groups is spelt out; ``directory.demo.build`` fills in the rest
(contacts, phones, accessibility, check dates) deterministically from each record's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Svc:
    key: str
    name: str
    description: str
    # Space-separated codes: taxonomy terms, ISO 639 codes and choice values.
    types: str
    communities: str = ""
    # "TH 18:30-20:30"; "MO,WE 10:00-12:00"; "1TU 18:00-20:00" (first Tuesday of the month);
    # several separated by ";". Empty: by appointment.
    when: str = ""
    languages: str = "en"
    modes: str = "in_person"
    routes: str = "self professional"
    led_by: str = "user_led"
    capacity: str = "accepting"
    wait_weeks: int | None = None
    # None: derived from communities (young people 11-25, older people 60+).
    ages: tuple[int | None, int | None] | None = None
    # None: derived from communities ("women-only" means women).
    genders: str | None = None
    # Local authority names or "England"; empty means the organisation's own area.
    areas: tuple[str, ...] = ()
    costs: tuple[tuple[str, Decimal], ...] = ()
    status: str = "active"
    eligibility: str = ""
    apply: str = ""
    alert: str = ""
    checked_days_ago: int | None = None
    funding: str = ""


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    description: str
    postcode: str
    street: str
    venue: str
    founded: int
    services: tuple[Svc, ...]
    # Fictional registered charity number (all start 19…, a range not yet issued).
    charity: str = ""
    legal_status: str = ""
    online_only: bool = False
