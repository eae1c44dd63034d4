"""One learner working through a quiz: seeded order, tries, hints, scores per quiz and per
topic, the score band at the end, and an ``"answer"`` event for every checked answer."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import DEFAULT_LANG, TOPICS
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines import events
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.grading import build_view, grade
from aiact_kit.engines.quiz.selection import arrange_questions, option_rng, questions_for
from aiact_kit.engines.quiz.views import QuestionView, Result
from aiact_kit.engines.quiz.wording import quiz_ui, topic_label

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.questions import Question

# Feedback at the end of a quiz: the first band whose lower bound the score reaches (the keys
# are texts of quiz.yaml).
SCORE_BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "band_excellent"),
    (0.7, "band_good"),
    (0.5, "band_fair"),
    (0.0, "band_low"),
)


def band_key(score: float) -> str:
    """The key of the score band (see :data:`SCORE_BANDS`) for a score in 0..1."""
    for lower, key in SCORE_BANDS:
        if score >= lower:
            return key
    return SCORE_BANDS[-1][1]


@dataclass
class QuestionState:
    attempts: int = 0
    result: Result | None = None  # the latest graded answer
    hint_shown: bool = False
    finished: bool = False  # answered right, or no tries left
    revealed: bool = False  # the right answer was shown because the tries ran out

    @property
    def score(self) -> float:
        return self.result.score if self.result is not None else 0.0

    @property
    def correct(self) -> bool:
        return self.result is not None and self.result.correct


@dataclass(frozen=True)
class Attempt:
    """What :meth:`QuizSession.check` returns: the grade plus the tries bookkeeping."""

    result: Result
    attempt: int  # 1 for the first try
    tries_left: int  # 0 when finished
    finished: bool
    revealed: bool  # tries used up without a right answer: show the right answer


@dataclass(frozen=True)
class TopicScore:
    topic: str
    label: str
    total: int
    answered: int
    correct: int
    score: float  # mean score over the topic's questions (unanswered count as 0)


@dataclass(frozen=True)
class Progress:
    answered: int  # questions checked at least once
    finished: int  # questions answered right or out of tries
    total: int


@dataclass(frozen=True)
class Summary:
    score: float
    correct: int
    answered: int
    total: int
    topics: tuple[TopicScore, ...]
    band: str  # a key of SCORE_BANDS
    message: str  # the band's text in the session language
    wrong: tuple[str, ...]  # ids of wrongly answered questions


def _whole(name: str, value: Any, none_ok: bool = False) -> None:
    if value is None and none_ok:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        extra = " or None" if none_ok else ""
        raise QuizError(
            f"{name} must be a whole number of at least 1{extra}, got {value!r}",
            value=value,
            reason="config",
        )


class QuizSession:
    """One learner working through a set of questions.

    ``selection`` is a topic, a question id, or a list of them (see :func:`questions_for`).
    ``seed`` fixes the shuffling (``None``: a fresh random seed, kept in ``self.seed``);
    ``tries`` is the number of tries per question before the answer is shown; ``shuffle=False``
    keeps content order; ``limit`` keeps only the first ``limit`` questions (after shuffling).
    A question's score is the score of its latest try; a question never answered scores 0.
    """

    def __init__(
        self,
        selection: str | Iterable[str],
        lang: str = DEFAULT_LANG,
        *,
        seed: int | str | None = None,
        tries: int = 2,
        shuffle: bool = True,
        limit: int | None = None,
        quiz_id: str | None = None,
        content: Content | None = None,
    ):
        try:
            check_lang(lang)
        except ValueError as exc:
            raise QuizError(str(exc), value=lang, reason="config") from None
        _whole("tries", tries)
        _whole("limit", limit, none_ok=True)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, str))):
            raise QuizError(
                f"seed must be an int, a str or None, got {seed!r}", value=seed, reason="config"
            )
        self.content = content or default_content()
        self.lang = lang
        self.tries = tries
        self.shuffle = shuffle
        self.limit = limit
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self.selection = selection
        ids = questions_for(selection, self.content)
        if quiz_id is None:
            quiz_id = selection if isinstance(selection, str) else "custom"
        self.quiz_id = str(quiz_id)
        self.ids: list[str] = arrange_questions(ids, self.seed, shuffle, limit)
        self._questions: dict[str, Question] = {
            i: self.content.get(i, "questions") for i in self.ids
        }
        self._views: dict[str, QuestionView] = {}
        for i in self.ids:
            rng = option_rng(self.seed, i) if shuffle else None
            self._views[i] = build_view(self._questions[i], lang, self.content, rng)
        self._state: dict[str, QuestionState] = {i: QuestionState() for i in self.ids}

    # -- access ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def _id(self, question: str | int) -> str:
        if isinstance(question, int) and not isinstance(question, bool):
            if not 0 <= question < len(self.ids):
                raise QuizError(
                    f"question number {question} is out of range 0..{len(self.ids) - 1}",
                    value=question,
                    reason="unknown_question",
                )
            return self.ids[question]
        if question not in self._state:
            raise QuizError(
                f"question {question!r} is not in this quiz ({self.quiz_id})",
                value=question,
                reason="unknown_question",
            )
        return question

    def view(self, question: str | int) -> QuestionView:
        return self._views[self._id(question)]

    def question(self, question: str | int) -> Question:
        """The content item (for tools; learners see :meth:`view`)."""
        return self._questions[self._id(question)]

    def state(self, question: str | int) -> QuestionState:
        return self._state[self._id(question)]

    # -- actions ---------------------------------------------------------------------------
    def hint(self, question: str | int) -> str | None:
        """The hint text (or None when the question has none); records that it was shown."""
        qid = self._id(question)
        q = self._questions[qid]
        if q.hint is None:
            return None
        self._state[qid].hint_shown = True
        return self.content.render(q.hint, self.lang, q.version)

    def check(self, question: str | int, answer: Any) -> Attempt:
        """Grade ``answer``, count the try, and emit an ``"answer"`` event."""
        qid = self._id(question)
        state = self._state[qid]
        if state.finished:
            raise QuizError(
                "this question is already finished",
                question_id=qid,
                value=answer,
                reason="finished",
            )
        q = self._questions[qid]
        result = grade(q, answer, self.lang, self.content)
        state.attempts += 1
        state.result = result
        if result.correct:
            state.finished = True
        elif state.attempts >= self.tries:
            state.finished = True
            state.revealed = True
        events.emit(
            "answer",
            {
                "question_id": qid,
                "answer": result.answer,
                "correct": result.correct,
                "score": round(result.score, 4),
                "attempt": state.attempts,
                "topic": q.topic,
                "quiz_id": self.quiz_id,
            },
        )
        return Attempt(
            result=result,
            attempt=state.attempts,
            tries_left=0 if state.finished else self.tries - state.attempts,
            finished=state.finished,
            revealed=state.revealed,
        )

    def restore(self, question: str | int, answer: Any, attempts: int) -> Attempt:
        """Put back an answer given earlier (read from the learner's progress): grade it again
        and count ``attempts`` tries (at least 1), without an ``"answer"`` event. Raises
        QuizError for an answer the question cannot grade (e.g. content changed since)."""
        qid = self._id(question)
        state = self._state[qid]
        result = grade(self._questions[qid], answer, self.lang, self.content)
        state.attempts = max(1, int(attempts))
        state.result = result
        state.finished = result.correct or state.attempts >= self.tries
        state.revealed = state.finished and not result.correct
        return Attempt(
            result=result,
            attempt=state.attempts,
            tries_left=0 if state.finished else self.tries - state.attempts,
            finished=state.finished,
            revealed=state.revealed,
        )

    # -- scores ----------------------------------------------------------------------------
    @property
    def progress(self) -> Progress:
        states = self._state.values()
        return Progress(
            answered=sum(s.attempts > 0 for s in states),
            finished=sum(s.finished for s in states),
            total=len(self.ids),
        )

    @property
    def done(self) -> bool:
        """Every question is finished."""
        return all(s.finished for s in self._state.values())

    @property
    def score(self) -> float:
        if not self.ids:
            return 0.0
        return sum(s.score for s in self._state.values()) / len(self.ids)

    def topic_scores(self) -> dict[str, TopicScore]:
        out: dict[str, TopicScore] = {}
        for topic in TOPICS:
            ids = [i for i in self.ids if self._questions[i].topic == topic]
            if not ids:
                continue
            states = [self._state[i] for i in ids]
            out[topic] = TopicScore(
                topic=topic,
                label=topic_label(topic, self.lang),
                total=len(ids),
                answered=sum(s.attempts > 0 for s in states),
                correct=sum(s.correct for s in states),
                score=sum(s.score for s in states) / len(ids),
            )
        return out

    def wrong_ids(self) -> list[str]:
        """Ids of questions answered (at least once) whose latest answer was not right."""
        return [i for i in self.ids if self._state[i].attempts and not self._state[i].correct]

    def summary(self) -> Summary:
        score = self.score
        key = band_key(score)
        return Summary(
            score=score,
            correct=sum(s.correct for s in self._state.values()),
            answered=self.progress.answered,
            total=len(self.ids),
            topics=tuple(self.topic_scores().values()),
            band=key,
            message=quiz_ui(key, self.lang),
            wrong=tuple(self.wrong_ids()),
        )

    def retry_wrong(self, seed: int | str | None = None) -> QuizSession:
        """A new session with only the wrongly answered questions (same language, tries and
        shuffling; a new seed unless given)."""
        wrong = self.wrong_ids()
        if not wrong:
            raise QuizError("there are no wrongly answered questions to retry", reason="selection")
        return QuizSession(
            wrong,
            self.lang,
            seed=seed,
            tries=self.tries,
            shuffle=self.shuffle,
            quiz_id=self.quiz_id,
            content=self.content,
        )


__all__ = [
    "SCORE_BANDS",
    "Attempt",
    "Progress",
    "QuestionState",
    "QuizSession",
    "Summary",
    "TopicScore",
    "band_key",
]
