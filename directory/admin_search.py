"""Curators' admin for search synonyms (imported from directory/admin.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directory.models import Synonym
from directory.search.query import normalise_phrase


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["phrase", "alternatives", "note"]

    def clean_phrase(self) -> str:
        # Stored the way searches are compared: lower case, single spaces.
        phrase = normalise_phrase(self.cleaned_data["phrase"])
        if not phrase:
            raise forms.ValidationError(_("Enter a word or phrase."))
        if len(phrase.split()) > 3:
            raise forms.ValidationError(_("Use at most three words."))
        return phrase

    def clean_alternatives(self) -> str:
        alternatives = [a.strip() for a in self.cleaned_data["alternatives"].split(",")]
        alternatives = [" ".join(a.split()) for a in alternatives if a]
        if not alternatives:
            raise forms.ValidationError(_("Enter at least one word to search for as well."))
        return ", ".join(alternatives)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    form = SynonymForm
    list_display = ["phrase", "alternatives", "note", "updated_at"]
    search_fields = ["phrase", "alternatives"]
    ordering = ["phrase"]
