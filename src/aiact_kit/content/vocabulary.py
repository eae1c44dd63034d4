"""Language helpers: the two languages, and how dates and numbers are written in each.

Interface strings live in the text catalogue (:mod:`aiact_kit.content.text`), legal text in the
content YAML.
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


def format_number(value: float, lang: str = DEFAULT_LANG) -> str:
    """A number as people write it: '1,5' (nl, decimal comma) or '1.5' (en); no trailing zeros."""
    check_lang(lang)
    written = f"{value:g}"
    return written.replace(".", ",") if lang == "nl" else written


def ui(key: str, lang: str = DEFAULT_LANG) -> str:
    """A generic interface word in ``lang``: the catalogue's ``common.<key>`` (see
    :mod:`aiact_kit.content.text`)."""
    from aiact_kit.content.text import text

    return text(f"common.{key}", lang)


__all__ = ["LANGS", "DEFAULT_LANG", "check_lang", "format_date", "format_number", "ui"]
