"""A fictional demo directory, demo users, and a generator of large synthetic directories.

Load with ``manage.py load_demo``; generate with ``manage.py generate_directory``.
The constants here are stable so that tests, fixtures and the README can refer to demo records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# Every demo record's id is uuid5(DEMO_NAMESPACE, "<kind>:<key>"), so reloading updates in place.
DEMO_NAMESPACE = uuid.UUID("0c7d2f7e-5b7a-4f4e-9a0e-6f2c1d9b8a31")

# Documented in the README; demo users only ever exist on demo and development sites.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo credential


def demo_uuid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


# Group A: a Punjabi men's peer group in Wigan; Dev is a member.
GROUP_A_KEY = "sahara-punjabi-mens-circle"
GROUP_A = demo_uuid("organisation", GROUP_A_KEY)
GROUP_A_SERVICE = demo_uuid("service", "punjabi-mens-group")
GROUP_A_PEER_ONLY_SERVICE = demo_uuid("service", "sahara-buddy-introductions")

# Group B: a women's centre in Wigan; Grace is a member.
GROUP_B_KEY = "wigan-womens-lantern-centre"
GROUP_B = demo_uuid("organisation", GROUP_B_KEY)
GROUP_B_SERVICE = demo_uuid("service", "lantern-drop-in")


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False
    is_curator: bool = False
    # Professional details for people who refer as professionals (approved in the demo).
    job_title: str = ""
    employer: str = ""
    # The demo organisation the person belongs to, once memberships exist.
    organisation: uuid.UUID | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@findyourpeople.example"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "priya",
        "Priya Sharma",
        "Social worker (professional referrer)",
        job_title="Social worker",
        employer="Wigan Council (fictional team)",
    ),
    DemoUser(
        "dev", "Dev Sandhu", "Member of group A, Sahara Punjabi Men's Circle", organisation=GROUP_A
    ),
    DemoUser(
        "grace",
        "Grace Okafor",
        "Member of group B, Wigan Women's Lantern Centre",
        organisation=GROUP_B,
    ),
    DemoUser("cam", "Cam Whitfield", "Curator", is_staff=True, is_curator=True),
    DemoUser("ada", "Ada Lovell", "Site administrator", is_staff=True, is_superuser=True),
)

__all__ = [
    "DEMO_NAMESPACE",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "DemoUser",
    "GROUP_A",
    "GROUP_A_KEY",
    "GROUP_A_PEER_ONLY_SERVICE",
    "GROUP_A_SERVICE",
    "GROUP_B",
    "GROUP_B_KEY",
    "GROUP_B_SERVICE",
    "demo_uuid",
]
