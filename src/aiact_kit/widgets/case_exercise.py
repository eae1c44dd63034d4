"""The decision exercise as an ipywidgets view: :func:`case_exercise` -- predict the outcome of
a case (risk group and role), walk the decision aid for it, then compare and read the worked
explanation.

At first it shows the case and the prediction form only (a lesson page shows several
exercises; see docs/performance.md); the walk (with its decision aid, which loads the engine and
the tree), the comparison and the prompt to choose are added on lock, on reaching the end and on
a failed lock, each after the widgets already shown. Its HTML comes from
:mod:`aiact_kit.present.decision`, its words from the text catalogue (``decision.case.*``).
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import OUTCOME_RISK_GROUPS, ROLE_CHOICES, roles_key
from aiact_kit.content.vocabulary import check_lang, ui
from aiact_kit.engines import events
from aiact_kit.present.decision import (
    STYLE,
    cap,
    citations_html,
    comparison_table_html,
    message_html,
)
from aiact_kit.present.decision_report import (
    outcome_html,
    path_html,
    risk_group_name,
    role_name,
    t,
)
from aiact_kit.widgets.decision import DecisionAid, case_ids

__all__ = ["CaseExercise", "case_exercise"]


def _x(key: str, lang: str, **fields: Any) -> str:
    return t(f"case.{key}", lang, **fields)


def _roles_label(key: str, lang: str) -> str:
    combo = dict(ROLE_CHOICES).get(key)
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
            options=[(cap(risk_group_name(g, lang)), g) for g in OUTCOME_RISK_GROUPS],
            value=None,
            description=_x("risk_group", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self._role = widgets.RadioButtons(
            options=[(cap(_roles_label(k, lang)), k) for k, _ in ROLE_CHOICES],
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
            self._show = widgets.Button(
                description=_x("show", lang),
                tooltip=_x("show", lang),
                layout=widgets.Layout(width="auto"),
            )
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
        self._role.value = roles if isinstance(roles, str) else roles_key(roles)

    def lock(self) -> bool:
        if self._risk.value is None or self._role.value is None:
            if self._predict_msg is None:
                self._predict_msg = widgets.HTML()
                self._predict_box.children = [*self._predict_box.children, self._predict_msg]
            self._predict_msg.value = message_html(_x("need_prediction", self.lang))
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
        from aiact_kit.engines.decision import grade_prediction

        return grade_prediction(self.case, self.prediction["risk_group"], self.prediction["roles"])

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
            walked_risk = escape(cap(risk_group_name(out.risk_group, lang)))
            walked_roles = escape(cap(_roles_label(roles_key(roles_of(out.labels)), lang)))
            if out.conclusion.id == exp.conclusion:
                walk_note = f"<p>{escape(_x('same_conclusion', lang))}</p>"
            else:
                walk_note = f"<p>{escape(_x('other_conclusion', lang))} {self._divergence()}</p>"
        rows = [
            (
                _x("risk_group", lang),
                escape(cap(risk_group_name(self.prediction["risk_group"], lang))),
                ok if grade["risk_group"] else wrong,
                walked_risk,
                escape(cap(risk_group_name(exp.risk_group, lang))),
            ),
            (
                _x("role", lang),
                escape(cap(_roles_label(self.prediction["roles"], lang))),
                ok if grade["roles"] else wrong,
                walked_roles,
                escape(cap(_roles_label(roles_key(exp.roles), lang))),
            ),
        ]
        table = comparison_table_html(rows, lang)
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
            f"{self._arguable_html()}"
            f"{citations_html(self.case.citations, lang)}"
            f"<details><summary>{escape(_x('model_path', lang))}</summary>"
            f"{path_html(model, lang)}</details>"
            f"{outcome_html(model, lang, heading_level=4, glossary=False)}</div>"
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

    def _arguable_html(self) -> str:
        """For a case whose outcome depends on interpretation: the deciding question, why it
        is open, and the outcome of the other reading."""
        arg = getattr(self.case, "arguable", None)
        if arg is None:
            return ""
        lang = self.lang
        tree = self.aid.session.tree
        q = tree.question(arg.fork)
        other = q.answer(arg.alternative.answer)
        outcome = cap(risk_group_name(tree.conclusion(arg.alternative.conclusion).risk_group, lang))
        roles = cap(_roles_label(roles_key(arg.alternative.roles), lang))
        return (
            f'<div class="aiact-fork"><p><strong>{escape(_x("arguable", lang))}:</strong> '
            f"<em>{self.aid.session.text(q.text, lang)}</em></p>"
            f"<p>{escape(self.content.render(arg.reason, lang))}</p>"
            f"<p>{escape(_x('arguable_other', lang, answer=other.text.get(lang)))} "
            f"{escape(outcome)} ({escape(roles)})</p></div>"
        )

    def _divergence(self) -> str:
        from aiact_kit.engines.decision import divergence

        qid = divergence(self.case, self.aid.session.answer_path())
        if qid is None:
            return ""
        q = self.aid.session.tree.question(qid)
        return f"<em>{self.aid.session.text(q.text, self.lang)}</em>"


def case_exercise(case_id: str, lang: str = "nl") -> CaseExercise:
    """An exercise for one case: predict, walk the decision aid, compare."""
    return CaseExercise(case_id, lang=lang)
