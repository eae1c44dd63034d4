"""Language helpers: the two languages, date formatting and the kit's own UI strings.

Legal text lives in the content YAML; this module only holds generic interface words
("Check", "Next", ...) that carry no legal meaning.
"""

from __future__ import annotations

from datetime import date

from aiact_kit.content.records import DEFAULT_LANG, LANGS

_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def format_date(value: date, lang: str = DEFAULT_LANG) -> str:
    """'2 december 2027' (nl) or '2 December 2027' (en)."""
    check_lang(lang)
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


# Generic interface strings. Keys are stable identifiers; every key has both languages.
UI: dict[str, dict[str, str]] = {
    "check": {"nl": "Controleer", "en": "Check"},
    "next": {"nl": "Volgende", "en": "Next"},
    "previous": {"nl": "Vorige", "en": "Previous"},
    "back": {"nl": "Terug", "en": "Back"},
    "restart": {"nl": "Opnieuw beginnen", "en": "Start again"},
    "hint": {"nl": "Hint", "en": "Hint"},
    "correct": {"nl": "Goed", "en": "Correct"},
    "incorrect": {"nl": "Niet goed", "en": "Not correct"},
    "partly_correct": {"nl": "Gedeeltelijk goed", "en": "Partly correct"},
    "source": {"nl": "Bron", "en": "Source"},
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "score": {"nl": "Score", "en": "Score"},
    "reported": {
        "nl": "Gemeld in secundaire bronnen, niet bevestigd in de wettekst",
        "en": "Reported in secondary sources, not confirmed in the legal text",
    },
    "not_confirmed": {"nl": "Niet bevestigd", "en": "Not confirmed"},
    "not_legal_advice": {
        "nl": "Dit is geen juridisch advies.",
        "en": "This is not legal advice.",
    },
}


def ui(key: str, lang: str = DEFAULT_LANG) -> str:
    """A generic interface string in ``lang``."""
    check_lang(lang)
    try:
        return UI[key][lang]
    except KeyError:
        raise KeyError(f"no interface string {key!r}") from None


__all__ = ["LANGS", "DEFAULT_LANG", "check_lang", "format_date", "ui", "UI"]
