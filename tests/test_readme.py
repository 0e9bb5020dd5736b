"""The README's first lines are the two commands, and its demo logins match the demo data."""

from __future__ import annotations

from pathlib import Path

from directory.demo import DEMO_PASSWORD, DEMO_USERS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_two_commands_come_first():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block
    assert "make test" in first_block
    assert README.index("```sh") < README.index("## ")


def test_demo_logins_documented():
    assert DEMO_PASSWORD in README
    for user in DEMO_USERS:
        assert f"`{user.username}`" in README, user.username
