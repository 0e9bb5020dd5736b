"""The equality monitoring questions' answers, as short codes.

Ethnic group, sexual orientation and religion follow the ONS 2021 Census for England and
Wales; disability follows the Equality Act 2010 definition. Every question may be answered
"Prefer not to say", and every one may be left out.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = _("Prefer not to say")
NOT_KNOWN = ""
NOT_KNOWN_LABEL = _("Not known")


class EthnicHeading(models.TextChoices):
    ASIAN = "asian", _("Asian, Asian British or Asian Welsh")
    BLACK = "black", _("Black, Black British, Black Welsh, Caribbean or African")
    MIXED = "mixed", _("Mixed or Multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class EthnicGroup(models.TextChoices):
    """The 19 ONS 2021 census categories; the part before "_" is the heading."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Chinese")
    ASIAN_INDIAN = "asian_indian", _("Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Pakistani")
    ASIAN_OTHER = "asian_other", _("Any other Asian background")
    BLACK_AFRICAN = "black_african", _("African")
    BLACK_CARIBBEAN = "black_caribbean", _("Caribbean")
    BLACK_OTHER = "black_other", _("Any other Black, Black British or Caribbean background")
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", _("White and Black African")
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", _("White and Black Caribbean")
    MIXED_OTHER = "mixed_other", _("Any other Mixed or Multiple ethnic background")
    WHITE_BRITISH = (
        "white_british",
        _("English, Welsh, Scottish, Northern Irish or British"),
    )
    WHITE_IRISH = "white_irish", _("Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("Roma")
    WHITE_OTHER = "white_other", _("Any other White background")
    OTHER_ARAB = "other_arab", _("Arab")
    OTHER_ANY = "other_any", _("Any other ethnic group")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL

    @classmethod
    def heading_of(cls, code: str) -> str:
        if not code or code == PREFER_NOT:
            return code
        return code.split("_", 1)[0]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Another sexual orientation")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    BUDDHIST = "buddhist", _("Buddhist")
    CHRISTIAN = "christian", _("Christian")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Another religion or belief")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class MainLanguage(models.TextChoices):
    """The most common main languages in England and Wales (Census 2021), then any other.
    A fixed list, not free text, so answers can be counted and never identify anyone."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")
    BSL = "bfi", _("British Sign Language")
    ARABIC = "ar", _("Arabic")
    BENGALI = "bn", _("Bengali")
    GUJARATI = "gu", _("Gujarati")
    ITALIAN = "it", _("Italian")
    LITHUANIAN = "lt", _("Lithuanian")
    PANJABI = "pa", _("Panjabi")
    POLISH = "pl", _("Polish")
    PORTUGUESE = "pt", _("Portuguese")
    ROMANIAN = "ro", _("Romanian")
    SOMALI = "so", _("Somali")
    SPANISH = "es", _("Spanish")
    TAMIL = "ta", _("Tamil")
    TURKISH = "tr", _("Turkish")
    URDU = "ur", _("Urdu")
    OTHER = "other", _("Another language")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


def imd_decile_label(decile: str) -> str:
    from django.utils.translation import gettext

    return gettext("Decile %(d)s (1 is the most deprived tenth)") % {"d": decile}


IMD_DECILES = [str(d) for d in range(1, 11)]
