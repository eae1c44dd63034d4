"""Citations: one parseable format for every reference to the law.

Accepted forms (the AI Act, Regulation (EU) 2024/1689, unless another act is named):

- ``Art. 5(1)(c)``, ``Art. 3(14a)``, ``Art. 113(c)(i)``, ``Art. 4``, optionally followed by
  ``, first subparagraph`` (first/second/third/fourth/last, subparagraph or paragraph)
- ``Annex III 4(a)``, ``Annex III 1``, ``Annex I Section A 11``, ``Annex X``
- ``Recital 53``
- a Dutch act by its usual abbreviation, with an article: ``Awb Art. 3:46``, ``UAVG Art. 40``
- a Dutch court decision by its ECLI: ``ECLI:NL:RVS:2017:1259``
- another act, optionally with an article: ``Regulation (EU) 2026/1744``,
  ``Regulation (EU) 2016/679 Art. 4(4)``, ``Directive 2011/93/EU``,
  ``Guidelines C(2025) 924`` (Commission guidelines)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORDINAL = r"(?:first|second|third|fourth|fifth|last)"
_ART = (
    r"Art\. (?P<article>\d+[a-z]?)"
    r"(?P<paragraph>\(\d+[a-z]*\))?"
    r"(?P<point>\([a-z]{1,2}\))?"
    r"(?P<subpoint>\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))?"
    rf"(?P<sub>, {_ORDINAL} (?:subparagraph|paragraph))?"
)
_ANNEX = (
    r"Annex (?P<annex>[IVXL]+)"
    r"(?: Section (?P<section>[A-D]))?"
    r"(?: (?P<annex_point>\d+)(?P<annex_letter>\([a-z]\))?)?"
)
_RECITAL = r"Recital (?P<recital>\d+)"
_ACT = (
    r"(?P<act>Regulation \(EU\) \d{4}/\d+|Directive \d{4}/\d+/EU|Directive \(EU\) \d{4}/\d+"
    r"|Guidelines C\(\d{4}\) \d+)"
)

_NL_ACT = r"(?P<act>Awb|UAVG) Art\. (?P<article>\d+(?::\d+)?[a-z]?)(?:\(\d+\))?"
_ECLI = r"(?P<act>ECLI:[A-Z]{2}:[A-Z]+:\d{4}:[0-9A-Z.]+)"

_PATTERNS = {
    "article": re.compile(rf"^{_ART}$"),
    "annex": re.compile(rf"^{_ANNEX}$"),
    "recital": re.compile(rf"^{_RECITAL}$"),
    "external": re.compile(rf"^{_ACT}(?: {_ART})?$"),
    "national": re.compile(rf"^{_NL_ACT}$"),
    "ecli": re.compile(rf"^{_ECLI}$"),
}

AI_ACT = "Regulation (EU) 2024/1689"
EURLEX = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"


class CitationError(ValueError):
    """A citation string that does not follow the kit's citation format."""


@dataclass(frozen=True)
class Citation:
    text: str
    kind: str  # article | annex | recital | external | national | ecli
    act: str = AI_ACT
    article: str | None = None
    annex: str | None = None
    recital: int | None = None

    def __str__(self) -> str:
        return self.text

    def label(self, lang: str = "nl") -> str:
        """The citation as a learner reads it (Dutch uses 'Art.' and 'Bijlage', 'Overweging')."""
        if lang == "nl":
            return (
                self.text.replace("Annex ", "Bijlage ")
                .replace("Recital ", "Overweging ")
                .replace("Section ", "Afdeling ")
                .replace("Regulation (EU)", "Verordening (EU)")
                .replace("Directive", "Richtlijn")
                .replace("Guidelines", "Richtsnoeren")
                .replace(" subparagraph", " alinea")
                .replace(" paragraph", " alinea")
                .replace(", first", ", eerste")
                .replace(", second", ", tweede")
                .replace(", third", ", derde")
                .replace(", fourth", ", vierde")
                .replace(", fifth", ", vijfde")
                .replace(", last", ", laatste")
            )
        return self.text

    def url(self, lang: str = "nl") -> str | None:
        """A link to the official text of the AI Act on EUR-Lex (None for other acts)."""
        if self.act != AI_ACT:
            return None
        return f"https://eur-lex.europa.eu/legal-content/{lang.upper()}/TXT/?uri=CELEX:32024R1689"


def parse_citation(text: str) -> Citation:
    """Parse a citation string; raise :class:`CitationError` when it is malformed."""
    if not isinstance(text, str):
        raise CitationError(f"a citation must be a string, not {type(text).__name__}")
    for kind, pattern in _PATTERNS.items():
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        if kind == "article":
            return Citation(text, kind, article=groups["article"])
        if kind == "annex":
            return Citation(text, kind, annex=groups["annex"])
        if kind == "recital":
            return Citation(text, kind, recital=int(groups["recital"]))
        if kind == "ecli":
            return Citation(text, kind, act=groups["act"])
        return Citation(text, kind, act=groups["act"], article=groups.get("article"))
    raise CitationError(
        f"malformed citation {text!r}: expected e.g. 'Art. 5(1)(c)', 'Annex III 4(a)', "
        "'Recital 53', 'Regulation (EU) 2026/1744 Art. 1', 'Awb Art. 3:46' or "
        "'ECLI:NL:RVS:2017:1259'"
    )


def is_citation(text: str) -> bool:
    try:
        parse_citation(text)
    except CitationError:
        return False
    return True
