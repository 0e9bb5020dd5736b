"""Project-wide pytest configuration (the embedded database starts in config/pytest_embedded.py)."""
