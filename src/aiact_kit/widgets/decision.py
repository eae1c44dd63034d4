"""The decision aid and the decision exercises as ipywidgets views.

Thin views over :mod:`aiact_kit.engines.decision` (the engine) and
:mod:`aiact_kit.present.decision_report`
(the exports): no legal knowledge here. Standard controls only; answers are RadioButtons with a
visible label and a "Next" button, so everything works by keyboard.

- :func:`decision_aid` -- the wizard: one question at a time with its explanation and sources,
  back, start again, the path so far, progress, and a conclusion page with the obligations
  grouped by start date and download links (Markdown, printable HTML).
- :func:`case_exercise` -- predict the outcome of a case (risk group and role), walk the
  decision aid for it, then compare and read the worked explanation.

Widgets are built when the learner gets to them, not up front (a lesson page shows several
exercises; see docs/performance.md): a case exercise starts as its prediction form only; the
walk (with its decision aid, which loads the engine and the tree), the comparison and the
prompt to choose are added on lock, on reaching the end and on a failed lock. A wizard adds
its conclusion and download links when a walk first reaches a conclusion. Added widgets go
after the ones already shown, except the conclusion (shown after Next, which is then hidden).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.records import OUTCOME_RISK_GROUPS
from aiact_kit.content.vocabulary import check_lang, ui
from aiact_kit.engines import events
from aiact_kit.present.decision_report import (
    data_uri,
    outcome_html,
    path_html,
    report_html,
    report_markdown,
    risk_group_name,
    role_name,
    t,
)

if TYPE_CHECKING:
    from aiact_kit.engines.decision import Tree

__all__ = ["DecisionAid", "CaseExercise", "decision_aid", "case_exercise", "case_ids"]

STYLE = """<style>
.aiact-decision .widget-radio-box label,.aiact-decision .jupyter-widget-radio-box label,
.aiact-case .widget-radio-box label,.aiact-case .jupyter-widget-radio-box label{
display:flex;align-items:flex-start;gap:.5em;height:auto;min-height:28px;line-height:1.4;
white-space:normal;margin-bottom:.45em}
.aiact-decision .widget-radio-box input[type=radio],.aiact-case .widget-radio-box input[type=radio],
.aiact-decision .jupyter-widget-radio-box input[type=radio],
.aiact-case .jupyter-widget-radio-box input[type=radio]{float:none;flex:0 0 auto;order:-1;
width:24px;height:24px;margin:0}
.aiact-decision .aiact-cite,.aiact-case .aiact-cite{color:#333;font-size:.9em}
.aiact-decision .aiact-progress-row{align-items:center;flex-wrap:wrap;column-gap:.5em}
.aiact-decision .aiact-button-row{flex-wrap:wrap}
.aiact-decision .aiact-subresult{color:#333}
.aiact-decision .aiact-message{color:#8a1f11;font-weight:bold}
.aiact-conclusion dl.aiact-facts{display:grid;grid-template-columns:max-content minmax(0,1fr);
gap:.35em 1.2em;margin:.6em 0 1em;padding:.6em .8em;border-left:4px solid #1f3d73;
background:#f4f6fa;line-height:1.45}
.aiact-conclusion dl.aiact-facts dt{font-weight:bold;margin:0;float:none;width:auto;clear:none}
.aiact-conclusion dl.aiact-facts dd{margin:0;min-width:0;width:auto;float:none;
overflow-wrap:break-word}
@media (max-width:36em){.aiact-conclusion dl.aiact-facts{display:block}
.aiact-conclusion dl.aiact-facts dd{margin:0 0 .5em}}
.aiact-conclusion ul{padding-left:1.3em}.aiact-conclusion li{margin-bottom:.5em}
.aiact-case table{border-collapse:collapse}.aiact-case th,.aiact-case td{border:1px solid #666;
padding:.3em .6em;text-align:left;vertical-align:top}
</style>"""


def _cap(text: str) -> str:
    """First letter upper-case, for labels that stand on their own ("high-risk" -> "High-risk")."""
    return text[:1].upper() + text[1:]


def _citations_html(citations: Any, lang: str) -> str:
    if not citations:
        return ""
    links = []
    for c in citations:
        cit = parse_citation(c)
        label = escape(cit.label(lang))
        url = cit.url(lang)
        links.append(
            f'<a href="{escape(url)}" target="_blank" rel="noopener">{label}</a>' if url else label
        )
    return f'<p class="aiact-cite">{escape(ui("sources", lang))}: {", ".join(links)}</p>'


def _sources_html(sources: Any) -> str:
    if not sources:
        return ""
    items = []
    for s in sources:
        text = escape(s.source)
        if s.url and s.url.startswith(("http://", "https://")):
            text = f'<a href="{escape(s.url)}" target="_blank" rel="noopener">{text}</a>'
        items.append(f"<li>{text}</li>")
    return '<ul class="aiact-cite">' + "".join(items) + "</ul>"


def case_ids(content: Content | None = None) -> list[str]:
    """Ids of the decision exercise cases, in file order
    (:func:`aiact_kit.engines.decision.case_ids`)."""
    from aiact_kit.engines.decision import case_ids as ids

    return ids(content)


def _resolve_tree(tree: Tree | str | Path | None) -> Tree:
    # the engine is imported when a walk is first shown, not with this module
    from aiact_kit.engines.decision import Tree, default_tree, load_tree

    if tree is None:
        return default_tree()
    if isinstance(tree, Tree):
        return tree
    return load_tree(tree)


class DecisionAid(widgets.VBox):
    """The decision-aid wizard. ``session`` is the engine state; ``on_done(aid)`` callbacks run
    when a conclusion is reached."""

    def __init__(
        self,
        lang: str = "nl",
        tree: Tree | str | Path | None = None,
        content: Content | None = None,
        title: bool = True,
    ):
        from aiact_kit.engines.decision import Session

        check_lang(lang)
        self.lang = lang
        self.session = Session(_resolve_tree(tree), content)
        self._done_callbacks: list[Any] = []
        tree_name = self.session.tree.name.get(lang) or t("title", lang)
        self._title = widgets.HTML(f"{STYLE}<h2>{escape(tree_name)}</h2>" if title else STYLE)
        self._progress = widgets.FloatProgress(
            value=0.0,
            min=0.0,
            max=1.0,
            description=t("progress", lang),
            style={"description_width": "initial"},
        )
        self._progress_text = widgets.HTML()
        self._question = widgets.HTML()
        self._answers = widgets.RadioButtons(
            options=[],
            value=None,
            description=t("answer", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self._next = widgets.Button(
            description=ui("next", lang), button_style="primary", tooltip=ui("next", lang)
        )
        self._back = widgets.Button(description=ui("back", lang), tooltip=ui("back", lang))
        self._restart = widgets.Button(description=ui("restart", lang), tooltip=ui("restart", lang))
        self._message = widgets.HTML()
        # built when a walk first reaches a conclusion (_show_conclusion)
        self._conclusion: widgets.HTML | None = None
        self._downloads: widgets.HTML | None = None
        self._path = widgets.HTML()
        self._next.on_click(lambda _b: self.next())
        self._back.on_click(lambda _b: self.back())
        self._restart.on_click(lambda _b: self.restart())
        self._answers.observe(self._on_select, names="value")
        self._buttons = widgets.HBox([self._back, self._next, self._restart])
        self._buttons.add_class("aiact-button-row")
        progress_row = widgets.HBox([self._progress, self._progress_text])
        progress_row.add_class("aiact-progress-row")
        super().__init__(
            [
                self._title,
                progress_row,
                self._question,
                self._answers,
                self._message,
                self._buttons,
                self._path,
            ]
        )
        self.add_class("aiact-decision")
        self._render()

    # -- actions ---------------------------------------------------------------------------
    def on_done(self, callback: Any) -> None:
        """Call ``callback(self)`` whenever the walk reaches a conclusion."""
        self._done_callbacks.append(callback)

    def select(self, choice: int | str) -> None:
        """Select an answer (index or answer id) without moving on."""
        q = self.session.current
        if q is None:
            raise ValueError("the walk has reached a conclusion")
        self._answers.value = q.answer(choice).index

    def answer(self, choice: int | str) -> None:
        """Select an answer and press Next."""
        self.select(choice)
        self.next()

    def next(self) -> None:
        from aiact_kit.engines.decision import DecisionTreeError

        if self.session.done:
            return
        if self._answers.value is None:
            self._show_message(t("choose_answer", self.lang))
            return
        try:
            self.session.answer(self._answers.value)
        except DecisionTreeError as exc:
            self._show_message(str(exc))
            return
        self._message.value = ""
        self._render()
        if self.session.done:
            for callback in list(self._done_callbacks):
                callback(self)

    def back(self) -> None:
        previous = self.session.history[-1].answer_index if self.session.history else None
        if self.session.back():
            self._message.value = ""
            self._render(selected=previous)

    def restart(self) -> None:
        self.session.restart()
        self._message.value = ""
        self._render()

    def export_markdown(self) -> str:
        return report_markdown(self.session, self.lang)

    def export_html(self) -> str:
        return report_html(self.session, self.lang)

    # -- view ------------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self._message.value = f'<p class="aiact-message" role="alert">{escape(text)}</p>'

    def _conclusion_widgets(self) -> None:
        """Add the conclusion and download links (once) where they belong: after the message,
        before the buttons."""
        if self._conclusion is not None:
            return
        self._conclusion = widgets.HTML()
        self._downloads = widgets.HTML()
        children = list(self.children)
        at = children.index(self._buttons)
        self.children = [*children[:at], self._conclusion, self._downloads, *children[at:]]

    def _on_select(self, change: dict) -> None:
        self._next.disabled = self.session.done or change["new"] is None

    def _render(self, selected: int | None = None) -> None:
        s, lang = self.session, self.lang
        self._progress.value = s.progress()
        answered = len(s.history)
        if s.done:
            self._progress_text.value = f"<span>{int(round(s.progress() * 100))}%</span>"
        else:
            step = t("step", lang, n=answered + 1)
            self._progress_text.value = (
                f"<span>{escape(step)} ({int(round(s.progress() * 100))}%)</span>"
            )
        self._back.disabled = not s.history
        q = s.current
        if q is not None:
            sub = s.text(q.subcategory, lang)
            explanation = s.text(q.explanation, lang)
            label = escape(t("question", lang))
            parts = [f'<div class="aiact-question" role="group" aria-label="{label}">']
            if sub:
                parts.append(f'<p class="aiact-cite">{sub}</p>')
            parts.append(f"<h3>{s.text(q.text, lang)}</h3>")
            if explanation:
                parts.append(
                    f"<details open><summary>{escape(t('explanation', lang))}</summary>"
                    f"<p>{explanation}</p></details>"
                )
            parts.append(_citations_html(q.citations, lang))
            parts.append(_sources_html(q.sources))
            parts.append("</div>")
            self._question.value = "".join(parts)
            options = [(s.text(a.text, lang, html=False), a.index) for a in q.answers]
            self._answers.unobserve(self._on_select, names="value")
            self._answers.options = options
            self._answers.value = selected
            self._answers.observe(self._on_select, names="value")
            self._answers.layout.display = None
            self._next.layout.display = None
            self._next.disabled = selected is None
            if self._conclusion is not None:
                self._conclusion.value = ""
                self._downloads.value = ""
        else:
            self._question.value = ""
            self._answers.unobserve(self._on_select, names="value")
            self._answers.options = []
            self._answers.value = None
            self._answers.observe(self._on_select, names="value")
            self._answers.layout.display = "none"
            self._next.layout.display = "none"
            self._conclusion_widgets()
            self._conclusion.value = outcome_html(s, lang, heading_level=3)
            md = data_uri(self.export_markdown(), "text/markdown")
            html = data_uri(self.export_html(), "text/html")
            name = "beslishulp-resultaat" if lang == "nl" else "decision-aid-result"
            self._downloads.value = (
                '<p class="aiact-downloads">'
                f'<a href="{md}" download="{name}.md">{escape(t("download_md", lang))}</a> | '
                f'<a href="{html}" download="{name}.html">'
                f"{escape(t('download_html', lang))}</a></p>"
            )
        self._path.value = (
            f"<details><summary>{escape(t('path_so_far', lang))} ({answered})</summary>"
            f"{path_html(s, lang)}</details>"
        )


def decision_aid(lang: str = "nl", tree: Tree | str | Path | None = None) -> DecisionAid:
    """The decision-aid wizard. ``tree``: None (the kit's tree), a file path in the beslishulp
    format (e.g. a copy of the official Dutch tree), or a loaded tree."""
    return DecisionAid(lang=lang, tree=tree)


# --- exercises -------------------------------------------------------------------------------
_ROLE_CHOICES: list[tuple[str, tuple[str, ...]]] = [
    ("none", ()),
    ("provider", ("provider",)),
    ("deployer", ("deployer",)),
    ("provider-deployer", ("provider", "deployer")),
    ("importer", ("importer",)),
    ("distributor", ("distributor",)),
]

_EX_TEXT = {
    "predict": {"nl": "1. Wat denk je?", "en": "1. What do you think?"},
    "predict_help": {
        "nl": "Voorspel de uitkomst voordat je de beslishulp doorloopt.",
        "en": "Predict the outcome before you walk through the decision aid.",
    },
    "risk_group": {"nl": "Uitkomst", "en": "Outcome"},
    "role": {"nl": "Rol", "en": "Role"},
    "no_role": {"nl": "geen rol", "en": "no role"},
    "lock": {"nl": "Leg voorspelling vast", "en": "Lock in prediction"},
    "need_prediction": {
        "nl": "Kies een uitkomst en een rol.",
        "en": "Choose an outcome and a role.",
    },
    "walk": {"nl": "2. Doorloop de beslishulp", "en": "2. Walk through the decision aid"},
    "show": {"nl": "Toon de uitwerking", "en": "Show the worked answer"},
    "compare": {"nl": "3. Vergelijking en uitwerking", "en": "3. Comparison and worked answer"},
    "yours": {"nl": "Jouw voorspelling", "en": "Your prediction"},
    "walked": {"nl": "Jouw route", "en": "Your walk"},
    "expected": {"nl": "Uitwerking", "en": "Worked answer"},
    "not_walked": {"nl": "(niet doorlopen)", "en": "(not walked)"},
    "same_conclusion": {
        "nl": "Je route komt uit bij dezelfde conclusie als de uitwerking.",
        "en": "Your walk reaches the same conclusion as the worked answer.",
    },
    "other_conclusion": {
        "nl": "Je route komt uit bij een andere conclusie. De routes lopen uiteen bij de vraag:",
        "en": "Your walk reaches a different conclusion. The walks part at the question:",
    },
    "model_path": {"nl": "Route van de uitwerking", "en": "Route of the worked answer"},
    "score": {"nl": "Klopt het?", "en": "Right?"},
}


def _x(key: str, lang: str) -> str:
    return _EX_TEXT[key][lang]


def _roles_key(roles: Any) -> str:
    wanted = tuple(sorted(roles))
    for key, combo in _ROLE_CHOICES:
        if tuple(sorted(combo)) == wanted:
            return key
    return "+".join(wanted)


def _roles_label(key: str, lang: str) -> str:
    combo = dict(_ROLE_CHOICES).get(key)
    if combo is None:
        return key
    if not combo:
        return _x("no_role", lang)
    return " + ".join(role_name(r, lang) for r in combo)


class CaseExercise(widgets.VBox):
    """Predict, walk, compare: one case from the ``cases`` content.

    At first it shows the case and the prediction form only; the walk (:attr:`aid`) is built
    on lock (or when :attr:`aid` is first read), the comparison when it is first shown."""

    def __init__(self, case_id: str, lang: str = "nl", content: Content | None = None):
        check_lang(lang)
        self.lang = lang
        self.content = content or default_content()
        try:
            self.case = self.content.get(case_id, "cases")
        except KeyError:
            known = ", ".join(case_ids(self.content))
            raise KeyError(f"no case {case_id!r}; known cases: {known}") from None
        self.prediction: dict[str, str] | None = None
        self.attempts = 0
        r = self.content.render
        header = widgets.HTML(
            f"{STYLE}<h2>{escape(r(self.case.title, lang))}</h2>"
            f'<div class="aiact-scenario"><p>{escape(r(self.case.scenario, lang))}</p></div>'
        )
        self._risk = widgets.RadioButtons(
            options=[(_cap(risk_group_name(g, lang)), g) for g in OUTCOME_RISK_GROUPS],
            value=None,
            description=_x("risk_group", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self._role = widgets.RadioButtons(
            options=[(_cap(_roles_label(k, lang)), k) for k, _ in _ROLE_CHOICES],
            value=None,
            description=_x("role", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self._lock = widgets.Button(
            description=_x("lock", lang), button_style="primary", tooltip=_x("lock", lang)
        )
        self._lock.on_click(lambda _b: self.lock())
        self._predict_msg: widgets.HTML | None = None  # built on the first failed lock
        self._predict_box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{escape(_x('predict', lang))}</h3>"
                    f"<p>{escape(_x('predict_help', lang))}</p>"
                ),
                self._risk,
                self._role,
                self._lock,
            ]
        )
        # built on lock (_walk) and when first shown (_comparison_widget); appended in order
        self._aid: DecisionAid | None = None
        self._show: widgets.Button | None = None
        self._walk_box: widgets.VBox | None = None
        self._comparison: widgets.HTML | None = None
        super().__init__([header, self._predict_box])
        self.add_class("aiact-case")

    @property
    def aid(self) -> DecisionAid:
        """The decision aid of the walk (built, still hidden until lock, on first use)."""
        self._walk()
        assert self._aid is not None
        return self._aid

    def _walk(self) -> widgets.VBox:
        """Step 2, built once: heading, decision aid, "show the worked answer"; hidden until
        the prediction is locked."""
        if self._walk_box is None:
            lang = self.lang
            aid = DecisionAid(lang=lang, content=self.content, title=False)
            aid.on_done(lambda _aid: self.show_comparison())
            self._show = widgets.Button(description=_x("show", lang), tooltip=_x("show", lang))
            self._show.on_click(lambda _b: self.show_comparison())
            self._walk_box = widgets.VBox(
                [widgets.HTML(f"<h3>{escape(_x('walk', lang))}</h3>"), aid, self._show]
            )
            self._walk_box.layout.display = "none"
            self._aid = aid
            self.children = [*self.children, self._walk_box]
        return self._walk_box

    def _comparison_widget(self) -> widgets.HTML:
        if self._comparison is None:
            self._comparison = widgets.HTML()
            self.children = [*self.children, self._comparison]
        return self._comparison

    # -- steps -----------------------------------------------------------------------------
    def predict(self, risk_group: str, roles: str | list[str] | tuple[str, ...]) -> None:
        """Fill in the prediction (``roles``: a choice key like 'provider-deployer' or a list)."""
        self._risk.value = risk_group
        self._role.value = roles if isinstance(roles, str) else _roles_key(roles)

    def lock(self) -> bool:
        if self._risk.value is None or self._role.value is None:
            msg = escape(_x("need_prediction", self.lang))
            if self._predict_msg is None:
                self._predict_msg = widgets.HTML()
                self._predict_box.children = [*self._predict_box.children, self._predict_msg]
            self._predict_msg.value = f'<p class="aiact-message" role="alert">{msg}</p>'
            return False
        self.prediction = {"risk_group": self._risk.value, "roles": self._role.value}
        self._risk.disabled = True
        self._role.disabled = True
        self._lock.disabled = True
        if self._predict_msg is not None:
            self._predict_msg.value = ""
        self._walk().layout.display = None
        return True

    def grade(self) -> dict[str, Any]:
        """How the prediction compares with the expected outcome."""
        if self.prediction is None:
            raise ValueError("no prediction locked in yet")
        exp = self.case.expected
        risk_ok = self.prediction["risk_group"] == exp.risk_group
        roles_ok = self.prediction["roles"] == _roles_key(exp.roles)
        return {
            "risk_group": risk_ok,
            "roles": roles_ok,
            "correct": risk_ok and roles_ok,
            "score": (risk_ok + roles_ok) / 2,
        }

    def show_comparison(self) -> None:
        from aiact_kit.engines.decision import roles_of, walk

        if self.prediction is None:
            return
        lang, r = self.lang, self.content.render
        exp = self.case.expected
        grade = self.grade()
        self.attempts += 1
        ok = f"&#10003; {escape(ui('correct', lang))}"
        wrong = f"&#10007; {escape(ui('incorrect', lang))}"
        walked_risk = walked_roles = escape(_x("not_walked", lang))
        walk_note = ""
        if self.aid.session.done:
            out = self.aid.session.outcome()
            walked_risk = escape(_cap(risk_group_name(out.risk_group, lang)))
            walked_roles = escape(_cap(_roles_label(_roles_key(roles_of(out.labels)), lang)))
            if out.conclusion.id == exp.conclusion:
                walk_note = f"<p>{escape(_x('same_conclusion', lang))}</p>"
            else:
                walk_note = f"<p>{escape(_x('other_conclusion', lang))} {self._divergence()}</p>"
        rows = [
            (
                _x("risk_group", lang),
                escape(_cap(risk_group_name(self.prediction["risk_group"], lang))),
                ok if grade["risk_group"] else wrong,
                walked_risk,
                escape(_cap(risk_group_name(exp.risk_group, lang))),
            ),
            (
                _x("role", lang),
                escape(_cap(_roles_label(self.prediction["roles"], lang))),
                ok if grade["roles"] else wrong,
                walked_roles,
                escape(_cap(_roles_label(_roles_key(exp.roles), lang))),
            ),
        ]
        table = (
            "<table><thead><tr><td></td>"
            f'<th scope="col">{escape(_x("yours", lang))}</th>'
            f'<th scope="col">{escape(_x("score", lang))}</th>'
            f'<th scope="col">{escape(_x("walked", lang))}</th>'
            f'<th scope="col">{escape(_x("expected", lang))}</th></tr></thead><tbody>'
            + "".join(
                f'<tr><th scope="row">{escape(a)}</th>'
                f"<td>{b}</td><td>{c}</td><td>{d}</td><td>{e}</td></tr>"
                for a, b, c, d, e in rows
            )
            + "</tbody></table>"
        )
        model = walk(
            self.aid.session.tree,
            [(s.question, s.answer) for s in self.case.answer_path],
            self.content,
        )
        region = escape(_x("compare", lang))
        self._comparison_widget().value = (
            f'<div class="aiact-comparison" role="region" aria-label="{region}">'
            f"<h3>{escape(_x('compare', lang))}</h3>{table}{walk_note}"
            f"<p>{escape(r(self.case.explanation, lang))}</p>"
            f"{_citations_html(self.case.citations, lang)}"
            f"<details><summary>{escape(_x('model_path', lang))}</summary>"
            f"{path_html(model, lang)}</details>"
            f"{outcome_html(model, lang, heading_level=4)}</div>"
        )
        events.emit(
            "answer",
            {
                "question_id": self.case.id,
                "answer": dict(self.prediction),
                "correct": grade["correct"],
                "score": grade["score"],
                "attempt": self.attempts,
                "topic": "decision",
                "quiz_id": "cases",
            },
        )

    def _divergence(self) -> str:
        walked = self.aid.session.answer_path()
        for i, step in enumerate(self.case.answer_path):
            if i >= len(walked) or walked[i] != (step.question, step.answer):
                q = self.aid.session.tree.question(step.question)
                return f"<em>{self.aid.session.text(q.text, self.lang)}</em>"
        return ""


def case_exercise(case_id: str, lang: str = "nl") -> CaseExercise:
    """An exercise for one case: predict, walk the decision aid, compare."""
    return CaseExercise(case_id, lang=lang)
