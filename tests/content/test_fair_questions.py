"""Fair questions (issue 15): the quiz cannot be gamed by picking the longest option, and every
wrong option teaches something.

Measured over the whole shipped bank, on the text a learner sees (date placeholders filled in),
in both languages: a single-choice question counts as "longest is right" when, in Dutch or in
English, the correct option is at least as long as every other option.
"""

from __future__ import annotations

from types import SimpleNamespace

from aiact_kit.content.schema.base import LANGS

MAX_LONGEST_CORRECT = 0.40


def correct_is_longest(q, render) -> bool:
    """Whether the correct option of a single-choice question is (one of) the longest, in any
    language."""
    for lang in LANGS:
        lengths = [(len(render(o.text, lang)), o.correct) for o in q.options]
        right = max(n for n, correct in lengths if correct)
        wrong = [n for n, correct in lengths if not correct]
        if right >= max(wrong):
            return True
    return False


def wrong_without_feedback(q) -> list[str]:
    return [o.id for o in q.options if not o.correct and o.feedback is None]


def _single(content):
    return [q for q in content.kind("questions") if q.type == "single"]


def test_correct_option_is_not_usually_the_longest(content):
    singles = _single(content)
    assert len(singles) >= 40
    longest = [q.id for q in singles if correct_is_longest(q, content.render)]
    share = len(longest) / len(singles)
    assert share <= MAX_LONGEST_CORRECT, (
        f"the correct option is the longest in {len(longest)} of {len(singles)} single-choice "
        f"questions ({share:.0%}, at most {MAX_LONGEST_CORRECT:.0%} allowed): {longest}"
    )


def test_every_wrong_option_has_teaching_feedback(content):
    missing = {q.id: wrong_without_feedback(q) for q in _single(content)}
    assert {k: v for k, v in missing.items() if v} == {}


# -- the checkers on made-up questions ---------------------------------------------------------
def _opt(id_, nl, en, correct=False, feedback=None):
    return SimpleNamespace(id=id_, text={"nl": nl, "en": en}, correct=correct, feedback=feedback)


def _render(text, lang):
    return text[lang]


def test_checker_flags_a_longest_correct_option_in_either_language():
    long_nl = SimpleNamespace(
        options=[
            _opt("a", "een heel lang juist antwoord", "right", True),
            _opt("b", "kort", "a wrong one"),
        ]
    )
    long_en = SimpleNamespace(
        options=[
            _opt("a", "goed", "the right answer, long", True),
            _opt("b", "fout antwoord", "wrong"),
        ]
    )
    tie = SimpleNamespace(options=[_opt("a", "abc", "abc", True), _opt("b", "xyz", "xyzw")])
    fair = SimpleNamespace(
        options=[_opt("a", "goed", "right", True), _opt("b", "een langer fout", "a longer wrong")]
    )
    assert correct_is_longest(long_nl, _render)
    assert correct_is_longest(long_en, _render)
    assert correct_is_longest(tie, _render)
    assert not correct_is_longest(fair, _render)


def test_checker_finds_wrong_options_without_feedback():
    q = SimpleNamespace(
        options=[_opt("a", "", "", True), _opt("b", "", "", feedback="x"), _opt("c", "", "")]
    )
    assert wrong_without_feedback(q) == ["c"]
