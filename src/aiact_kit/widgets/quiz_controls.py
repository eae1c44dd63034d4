"""The answer controls of the quiz, one per kind of control a question type asks for
(``QuestionType.control``): build the widgets for a question's view, and read the learner's
answer back in the engine's shape.

Only standard controls (RadioButtons, Checkbox, Dropdown), each with a visible label.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any, ClassVar

import ipywidgets as widgets

from aiact_kit.engines.quiz import QuestionView, QuizError, question_type, quiz_ui

log = logging.getLogger(__name__)

UNCHOSEN = ""  # dropdown value meaning "nothing chosen yet"


def _no_answer(view: QuestionView) -> QuizError:
    return QuizError("no answer chosen", question_id=view.id, reason="no_answer")


def _radio(label: str, options: list[tuple[str, str]]) -> widgets.RadioButtons:
    radio = widgets.RadioButtons(
        options=options,
        value=None,
        description=label,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%"),
    )
    radio.add_class("aiact-stacked")
    return radio


def _dropdown(label: str, options: list[tuple[str, Any]], value: Any) -> widgets.Dropdown:
    drop = widgets.Dropdown(
        options=options,
        value=value,
        description=label,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%"),
    )
    drop.add_class("aiact-stacked")
    return drop


def _chosen_text(drop: widgets.Dropdown, lang: str) -> widgets.HTML:
    """The chosen answer of ``drop`` written out under it, whole (a dropdown cuts a long
    answer on a narrow screen)."""
    shown = widgets.HTML()
    shown.add_class("aiact-chosen")
    word = quiz_ui("your_choice", lang)
    word = word[:1].upper() + word[1:]

    def update(_: object = None) -> None:
        label = drop.label if drop.value != UNCHOSEN else ""
        shown.value = (
            f'<p class="aiact-chosen-text">{escape(word)}: {escape(label)}</p>' if label else ""
        )

    drop.observe(update, names="value")
    update()
    return shown


def _heading(view: QuestionView) -> widgets.HTML:
    return widgets.HTML(f"<strong>{escape(view.instruction)}</strong>")


def button_row(children: list[widgets.Widget], cls: str = "aiact-button-row") -> widgets.HBox:
    """A row of controls that wraps on a narrow screen instead of cutting them off."""
    row = widgets.HBox(children)
    row.add_class(cls)
    return row


def labelled_button(label: str, before: str = "", after: str = "", **kwargs: Any) -> widgets.Button:
    """A button with ``label`` (between ``before`` and ``after``, e.g. an arrow) and the label
    as its tooltip, that keeps its words on a narrow screen."""
    return widgets.Button(
        description=before + label + after,
        tooltip=label,
        layout=widgets.Layout(width="auto", min_width="9em"),
        **kwargs,
    )


class Control:
    """Builds the answer widget of a view and reads the answer from its inputs."""

    name: ClassVar[str]

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        """(the widget to show, its inputs: what :meth:`read` reads)."""
        raise NotImplementedError

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        """The answer in the engine's shape; QuizError when nothing or not all is chosen."""
        raise NotImplementedError


class Radio(Control):
    """One RadioButtons (single, true_false, date): the inputs are the RadioButtons."""

    name = "radio"

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        radio = _radio(view.instruction, [(c.text, c.id) for c in view.choices])
        return radio, radio

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        if inputs.value is None:
            raise _no_answer(view)
        return inputs.value


class Checkboxes(Control):
    """A Checkbox per option (multiple): the inputs are the list of Checkbox."""

    name = "checkboxes"

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        boxes = [
            widgets.Checkbox(
                value=False, description=c.text, indent=False, layout=widgets.Layout(width="100%")
            )
            for c in view.choices
        ]
        box = widgets.VBox([_heading(view), *boxes])
        box.add_class("aiact-checkboxes")
        return box, boxes

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        chosen = [c.id for c, box in zip(view.choices, inputs, strict=True) if box.value]
        if not chosen:
            raise _no_answer(view)
        return chosen


class Match(Control):
    """A Dropdown of the right-hand choices per left item (matching): the inputs are a dict
    left id -> Dropdown."""

    name = "match"

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        not_chosen = quiz_ui("not_chosen", view.lang)
        options = [(not_chosen, UNCHOSEN)] + [(c.text, c.id) for c in view.rights]
        drops = {left.id: _dropdown(left.text, options, UNCHOSEN) for left in view.lefts}
        rows: list[widgets.Widget] = [_heading(view)]
        for drop in drops.values():
            rows += [drop, _chosen_text(drop, view.lang)]
        return widgets.VBox(rows), drops

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        answer = {k: d.value for k, d in inputs.items()}
        if all(v == UNCHOSEN for v in answer.values()):
            raise _no_answer(view)
        if any(v == UNCHOSEN for v in answer.values()):
            raise QuizError("not every item matched", question_id=view.id, reason="incomplete")
        return answer


class Order(Control):
    """A Dropdown of positions per step (ordering): the inputs are a dict step id -> Dropdown."""

    name = "order"

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        lang = view.lang
        positions = range(1, len(view.steps) + 1)
        options = [(quiz_ui("not_chosen", lang), 0)] + [
            (quiz_ui("position", lang, n=i), i) for i in positions
        ]
        drops = {s.id: _dropdown(s.text, options, 0) for s in view.steps}
        return widgets.VBox([_heading(view), *drops.values()]), drops

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        positions = {k: d.value for k, d in inputs.items()}
        if all(v == 0 for v in positions.values()):
            raise _no_answer(view)
        if any(v == 0 for v in positions.values()):
            raise QuizError("not every step placed", question_id=view.id, reason="incomplete")
        if len(set(positions.values())) != len(positions):
            raise QuizError(
                "a position is used twice", question_id=view.id, reason="duplicate_position"
            )
        return sorted(positions, key=lambda k: positions[k])


class Parts(Control):
    """A RadioButtons per part of a case (scenario): the inputs are a dict part id ->
    RadioButtons."""

    name = "parts"

    @staticmethod
    def build(view: QuestionView) -> tuple[widgets.Widget, Any]:
        radios = {p.id: _radio(p.label, [(c.text, c.id) for c in p.choices]) for p in view.parts}
        return widgets.VBox(list(radios.values())), radios

    @staticmethod
    def read(view: QuestionView, inputs: Any) -> Any:
        answer = {k: r.value for k, r in inputs.items()}
        if all(v is None for v in answer.values()):
            raise _no_answer(view)
        if any(v is None for v in answer.values()):
            raise QuizError("not every part answered", question_id=view.id, reason="incomplete")
        return answer


CONTROLS: dict[str, type[Control]] = {c.name: c for c in (Radio, Checkboxes, Match, Order, Parts)}


def control_for(view: QuestionView) -> type[Control]:
    """The control that the view's question type asks for."""
    kind = question_type(view.type, view.id)
    try:
        return CONTROLS[kind.control]
    except KeyError:
        raise QuizError(f"no view for question type {view.type!r}", question_id=view.id) from None


def input_widgets(inputs: Any) -> list[Any]:
    """Every input widget of a control's inputs (to enable or disable them)."""
    if isinstance(inputs, dict):
        return list(inputs.values())
    if isinstance(inputs, list):
        return list(inputs)
    return [inputs]


def write_answer(view: QuestionView, inputs: Any, answer: Any) -> None:
    """Show an earlier ``answer`` (the engine's shape) in a question's controls; parts that do
    not fit the controls (e.g. the content changed since) are left empty."""
    kind = control_for(view).name
    try:
        if kind == "radio":  # true_false answers are booleans, their options "true"/"false"
            inputs.value = str(answer).lower() if isinstance(answer, bool) else answer
        elif kind == "checkboxes":
            for c, box in zip(view.choices, inputs, strict=True):
                box.value = c.id in answer
        elif kind == "order":
            for pos, step in enumerate(answer, start=1):
                inputs[step].value = pos
        else:  # match, parts: a dict per item
            for k, v in answer.items():
                inputs[k].value = v
    except Exception:  # noqa: BLE001 - an old answer that does not fit is simply not shown
        log.debug("earlier answer not shown for %s", view.id, exc_info=True)


__all__ = ["write_answer", "CONTROLS", "UNCHOSEN", "Control", "control_for", "input_widgets"]
