"""The ORUK query parameters, validated by a form so a bad value is a 400 with the field's
message, never a server error."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.postcodes import Place
from directory.search.filters import MAX_QUERY_LENGTH, RADIUS_CHOICES, PlaceField
from directory.search.sql import METRES_PER_MILE

DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
MAX_PAGE = 1_000_000
# The search selector looks at most this far (its widest radius); proximity cannot exceed it.
MAX_PROXIMITY_METRES = int(max(miles for miles, _label in RADIUS_CHOICES) * METRES_PER_MILE)


def default_per_page() -> int:
    return getattr(settings, "ORUK_DEFAULT_PER_PAGE", 50)


def max_per_page() -> int:
    return getattr(settings, "ORUK_MAX_PER_PAGE", 100)


class DayField(forms.CharField):
    """An iCal day code (MO…SU) or an English day name, in any case."""

    def to_python(self, value) -> str:
        text = super().to_python(value).strip()
        if not text:
            return ""
        code = DAY_NAMES.get(text.lower(), text.upper())
        if code not in DAY_NAMES.values():
            raise forms.ValidationError(
                _("Enter a day as MO, TU, WE, TH, FR, SA or SU, or its name."), code="invalid"
            )
        return code


class FiniteFloatField(forms.FloatField):
    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise forms.ValidationError(_("Enter a number."), code="invalid")
        return number


class OrukListForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built here rather than on the class so ORUK_MAX_PER_PAGE is read per request.
        self.fields["per_page"] = forms.IntegerField(
            required=False, min_value=1, max_value=max_per_page()
        )


class OrukServiceForm(OrukListForm):
    search = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    taxonomy_term_id = forms.UUIDField(required=False)
    taxonomy_id = forms.UUIDField(required=False)
    minimum_age = FiniteFloatField(required=False, min_value=0, max_value=200)
    maximum_age = FiniteFloatField(required=False, min_value=0, max_value=200)
    day = DayField(required=False, max_length=20)
    start_time = forms.TimeField(required=False)
    end_time = forms.TimeField(required=False)
    modified_after = forms.DateTimeField(required=False)
    postcode = PlaceField(required=False)
    proximity = FiniteFloatField(required=False, min_value=1, max_value=MAX_PROXIMITY_METRES)


@dataclass(frozen=True)
class OrukQuery:
    """Validated ORUK parameters."""

    page: int = 1
    per_page: int = 50
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    modified_after: dt.datetime | None = None
    place: Place | None = None
    postcode: str = ""
    proximity: float | None = None

    def search_params(self) -> dict[str, str]:
        """The parameters the web search shares with ORUK, in its own names."""
        params = {"q": self.search, "open_on": self.day}
        if self.place is not None:
            params["postcode"] = self.postcode
            if self.proximity is not None:
                params["radius"] = str(_radius_miles(self.proximity))
        return {key: value for key, value in params.items() if value}


def _radius_miles(metres: float) -> int:
    """The smallest search radius that covers ``metres``; the exact distance is checked
    afterwards, per location."""
    for miles, _label in RADIUS_CHOICES:
        if miles * METRES_PER_MILE >= metres:
            return miles
    return RADIUS_CHOICES[-1][0]


class InvalidQuery(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid query")
        self.errors = errors


def _form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def list_query(data) -> OrukQuery:
    """Paging parameters only (taxonomies, taxonomy terms); raises InvalidQuery."""
    form = OrukListForm(data=data)
    if not form.is_valid():
        raise InvalidQuery(_form_errors(form))
    return OrukQuery(
        page=form.cleaned_data["page"] or 1,
        per_page=form.cleaned_data["per_page"] or default_per_page(),
    )


def service_query(data) -> OrukQuery:
    """Every parameter of /services and /service_at_locations; raises InvalidQuery."""
    form = OrukServiceForm(data=data)
    if not form.is_valid():
        raise InvalidQuery(_form_errors(form))
    cleaned = form.cleaned_data
    if cleaned["proximity"] is not None and cleaned["postcode"] is None:
        raise InvalidQuery({"proximity": [str(_("Give a postcode to search near."))]})
    return OrukQuery(
        page=cleaned["page"] or 1,
        per_page=cleaned["per_page"] or default_per_page(),
        search=cleaned["search"].strip(),
        taxonomy_term_id=cleaned["taxonomy_term_id"],
        taxonomy_id=cleaned["taxonomy_id"],
        minimum_age=cleaned["minimum_age"],
        maximum_age=cleaned["maximum_age"],
        day=cleaned["day"],
        start_time=cleaned["start_time"],
        end_time=cleaned["end_time"],
        modified_after=cleaned["modified_after"],
        place=cleaned["postcode"],
        postcode=(data.get("postcode") or "").strip(),
        proximity=cleaned["proximity"],
    )
