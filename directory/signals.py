"""Signals the directory sends for apps that build on it (which import the directory,
never the other way round).

search_no_results: a search with words or filters found nothing. Arguments:
    form_data  the search form's cleaned data (words, filters, radius, …)
    place      the directory.postcodes.Place searched around, or None
"""

from __future__ import annotations

from django.dispatch import Signal

search_no_results = Signal()
