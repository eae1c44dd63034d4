"""Content kinds for Dutch public practice.

``nl_practice``: how the AI Act sits next to the GDPR, the Dutch General Administrative Law
Act (Awb) and the Dutch instruments (IAMA, Algoritmekader, Algoritmeregister); what a public
buyer checks before buying or using a system; human oversight and residents' rights; pending
Commission guidance. Each item is a cited statement (``status`` says when a fact is only
reported); a ``procurement`` item also carries the checklist line (``check``) and the
``stage`` of buying it belongs to::

    - id: nlp-gdpr-22
      group: gdpr
      title: {nl: ..., en: ...}
      text: {nl: ..., en: ...}
      citations: ["Regulation (EU) 2016/679 Art. 22(1)"]
      algoritmekader: [avg-10]         # Algoritmekader requirement ids, by id only
      links: [{label: {nl: ..., en: ...}, url: "https://..."}]

``nl_links``: the Dutch duties and instruments the decision aid names at a conclusion of the
kit's tree (by conclusion id); ``aiact-kit validate`` checks that every conclusion of the tree
has exactly one entry and every listed conclusion exists::

    - id: nll-high-risk-annex-iii
      conclusions: [high-risk-annex-iii]
      practice: [nlp-register, nlp-dpia, nlp-fria-iama]
      algoritmekader: [aia-27, bzk-01]
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from aiact_kit.content.records import ID_PATTERN
from aiact_kit.content.schema.base import I18n, Id, Item, LegalItem, StrictModel, _ref_to

#: An Algoritmekader requirement id (``vereiste``), e.g. ``aia-27``, ``avg-13``, ``bzk-01``.
AK_ID = r"^[a-z]{2,4}-\d{2}$"
AkId = Annotated[str, StringConstraints(pattern=AK_ID)]
_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(?:/[^\s\"'<>]*)?$")


def _https(value: str) -> str:
    if not _HTTPS.match(value):
        raise ValueError(f"url {value!r} must be an https:// address without spaces or quotes")
    return value


Url = Annotated[str, AfterValidator(_https)]
PracticeRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), _ref_to("nl_practice")]

Group = Literal[
    "gdpr",  # the GDPR next to the AI Act: Art 22, Art 35, profiling
    "bridge",  # the AI Act's own bridges to the GDPR: Art 2(7), 26(9), 27(4), 86(3), 4a, 10(5)
    "assessment",  # DPIA, FRIA, IAMA: which assessment, when, and how they relate
    "instrument",  # Algoritmekader, Algoritmeregister
    "awb",  # principles of the Awb that matter for algorithmic decisions
    "case-law",  # Dutch cases that shaped the practice
    "procurement",  # what a public buyer checks (with ``check`` and ``stage``)
    "oversight",  # human oversight, monitoring, incidents
    "rights",  # informing residents, explanation, complaints
    "guidance",  # Commission guidance and its status
]
Stage = Literal["before-buying", "contract", "before-use", "in-use"]


class Link(StrictModel):
    """A source outside the law, shown as a link (e.g. the Algoritmeregister)."""

    label: I18n
    url: Url


class PracticeItem(LegalItem):
    group: Group
    check: I18n | None = None  # procurement: the checklist line, as a question to answer
    stage: Stage | None = None  # procurement: when in buying and using it is checked
    algoritmekader: list[AkId] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    @model_validator(mode="after")
    def _procurement_fields(self) -> PracticeItem:
        if self.group == "procurement":
            if self.check is None or self.stage is None:
                raise ValueError("a 'procurement' item needs 'check' and 'stage'")
        elif self.check is not None or self.stage is not None:
            raise ValueError("'check' and 'stage' are only used by 'procurement' items")
        return self


class NlLinks(Item):
    """The Dutch duties and instruments named at one or more conclusions of the kit's tree."""

    conclusions: list[Id] = Field(min_length=1)
    practice: list[PracticeRef] = Field(min_length=1)
    algoritmekader: list[AkId] = Field(default_factory=list)


KINDS: dict[str, type[Item]] = {"nl_practice": PracticeItem, "nl_links": NlLinks}
LEGAL_KINDS = {"nl_practice"}

__all__ = ["KINDS", "LEGAL_KINDS", "PracticeItem", "NlLinks", "Link"]
