"""Demo listings in Punjabi (Gurmukhi) and Urdu, as a group would give them through its
workspace. Loaded by ``load_demo``; safe to run again (one row per record and language)."""

from __future__ import annotations

from directory import models as m
from directory.demo import demo_uuid

ORGANISATIONS: dict[str, dict[str, dict[str, str]]] = {
    "sahara-punjabi-mens-circle": {
        "pa": {
            "name": "ਸਹਾਰਾ ਪੰਜਾਬੀ ਮਰਦਾਂ ਦਾ ਘੇਰਾ",
            "description": "ਵਿਗਨ ਵਿੱਚ ਪੰਜਾਬੀ ਮਰਦਾਂ ਵੱਲੋਂ ਅਤੇ ਉਹਨਾਂ ਲਈ ਚਲਾਇਆ ਜਾਂਦਾ ਸਾਥੀਆਂ ਦਾ ਗਰੁੱਪ: "
            "ਗੱਲਬਾਤ, ਚਾਹ ਅਤੇ ਸੈਰ, ਪੰਜਾਬੀ, ਉਰਦੂ ਜਾਂ ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ।",
        },
        "ur": {
            "name": "سہارا پنجابی مردوں کا حلقہ",
            "description": "وگن میں پنجابی مردوں کا اپنا چلایا ہوا ہم مرتبہ گروپ: "
            "بات چیت، چائے اور سیر، پنجابی، اردو یا انگریزی میں۔",
        },
    },
}

SERVICES: dict[str, dict[str, dict[str, str]]] = {
    "punjabi-mens-group": {
        "pa": {
            "name": "ਪੰਜਾਬੀ ਮਰਦਾਂ ਦਾ ਗਰੁੱਪ",
            "description": "ਹਰ ਹਫ਼ਤੇ ਪੰਜਾਬੀ ਮਰਦਾਂ ਦਾ ਗਰੁੱਪ: ਤਣਾਅ, ਪੈਸੇ, ਪਰਿਵਾਰ ਅਤੇ ਸਿਹਤ ਬਾਰੇ ਉਹਨਾਂ "
            "ਮਰਦਾਂ ਨਾਲ ਗੱਲ ਕਰਨ ਦੀ ਸੁਰੱਖਿਅਤ ਥਾਂ ਜੋ ਸਮਝਦੇ ਹਨ। ਚਾਹ ਅਤੇ ਸਮੋਸੇ ਮਿਲਦੇ ਹਨ। "
            "ਉਦਾਸੀ ਜਾਂ ਇਕੱਲਾਪਣ ਮਹਿਸੂਸ ਕਰਦੇ ਹੋ ਤਾਂ ਆਓ।",
            "application_process": "ਵੀਰਵਾਰ ਸ਼ਾਮ ਨੂੰ ਸਿੱਧੇ ਆ ਜਾਓ, ਜਾਂ ਸਾਨੂੰ ਫ਼ੋਨ ਕਰੋ।",
        },
        "ur": {
            "name": "پنجابی مردوں کا گروپ",
            "description": "پنجابی مردوں کا ہفتہ وار گروپ: ذہنی دباؤ، پیسے، خاندان اور صحت کے بارے "
            "میں ایسے مردوں سے بات کرنے کی محفوظ جگہ جو سمجھتے ہیں۔ چائے اور سموسے ملتے ہیں۔",
            "application_process": "جمعرات کی شام سیدھے آ جائیں، یا ہمیں فون کریں۔",
        },
    },
    "sahara-buddy-introductions": {
        "pa": {
            "name": "ਸਹਾਰਾ ਸਾਥੀ ਜਾਣ-ਪਛਾਣ",
            "description": "ਜੇ ਕੋਈ ਦੋਸਤ ਔਖੇ ਸਮੇਂ ਵਿੱਚੋਂ ਲੰਘ ਰਿਹਾ ਹੈ, ਸਾਨੂੰ ਦੱਸੋ: ਸਾਡਾ ਇੱਕ ਮੈਂਬਰ "
            "ਉਸਨੂੰ ਚਾਹ ’ਤੇ ਮਿਲੇਗਾ ਅਤੇ ਪਹਿਲੇ ਗਰੁੱਪ ਵਿੱਚ ਨਾਲ ਆਵੇਗਾ।",
        },
    },
    "sahara-sunday-walk": {
        "pa": {
            "name": "ਐਤਵਾਰ ਦੀ ਸੈਰ ਅਤੇ ਲੰਗਰ",
            "description": "ਹੇਗ ਵੁੱਡਲੈਂਡ ਪਾਰਕ ਵਿੱਚ ਹੌਲੀ ਸੈਰ, ਫਿਰ ਮਿਲ ਕੇ ਲੰਗਰ ਛਕਣਾ।",
        },
    },
}


def demo_translations_load() -> int:
    """Create or update the demo translations; returns how many there are."""
    count = 0
    for key, languages in ORGANISATIONS.items():
        for language, fields in languages.items():
            m.OrganisationTranslation.objects.update_or_create(
                organisation_id=demo_uuid("organisation", key),
                language=language,
                defaults=fields,
            )
            count += 1
    for key, languages in SERVICES.items():
        for language, fields in languages.items():
            m.ServiceTranslation.objects.update_or_create(
                service_id=demo_uuid("service", key), language=language, defaults=fields
            )
            count += 1
    return count
