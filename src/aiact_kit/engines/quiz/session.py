"""One learner working through a quiz: seeded order, tries, hints, scores per quiz and per
topic, the score band at the end, and an ``"answer"`` event for every checked answer."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import DEFAULT_LANG, TOPICS
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines import events
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.grading import build_view, grade
from aiact_kit.engines.quiz.results import (
    SCORE_BANDS,
    Attempt,
    Progress,
    QuestionState,
    Summary,
    TopicScore,
    band_key,
)
from aiact_kit.engines.quiz.selection import arrange_questions, option_rng, questions_for
from aiact_kit.engines.quiz.views import QuestionView, Result
from aiact_kit.engines.quiz.wording import quiz_ui, topic_label

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.questions import Question


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
    ``pass_mark`` (a share in 0..1, e.g. 0.7) is the share of questions to answer right to
    pass; the summary says whether it was reached.
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
        pass_mark: float | None = None,
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
        if pass_mark is not None and (
            isinstance(pass_mark, bool)
            or not isinstance(pass_mark, (int, float))
            or not 0 < pass_mark <= 1
        ):
            raise QuizError(
                f"pass_mark must be a share above 0 and at most 1, got {pass_mark!r}",
                value=pass_mark,
                reason="config",
            )
        self.pass_mark = pass_mark
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

    def check(self, question: str | int, answer: Any, *, emit: bool = True) -> Attempt:
        """Grade ``answer``, count the try, and emit an ``"answer"`` event (``emit=False``:
        an answer given before and only replayed, e.g. from the browser's record)."""
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
        if state.attempts == 1:
            state.first_correct = result.correct
        if result.correct:
            state.finished = True
        elif state.attempts >= self.tries:
            state.finished = True
            state.revealed = True
        if emit:
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
        return self._attempt(state, result)

    def _attempt(self, state: QuestionState, result: Result) -> Attempt:
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
        return self._attempt(state, result)

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
                first_try=sum(s.first_correct for s in states),
            )
        return out

    def wrong_ids(self) -> list[str]:
        """Ids of questions answered (at least once) whose latest answer was not right."""
        return [i for i in self.ids if self._state[i].attempts and not self._state[i].correct]

    def summary(self) -> Summary:
        states = self._state.values()
        correct = sum(s.correct for s in states)
        answered = self.progress.answered
        key = band_key(correct / len(self.ids) if self.ids else 0.0)
        return Summary(
            score=self.score,
            correct=correct,
            answered=answered,
            total=len(self.ids),
            topics=tuple(self.topic_scores().values()),
            band=key,
            message=quiz_ui(key, self.lang),
            wrong=tuple(self.wrong_ids()),
            first_try=sum(s.first_correct for s in states),
            unanswered=len(self.ids) - answered,
            pass_mark=self.pass_mark,
        )

    def retry_wrong(self, seed: int | str | None = None) -> QuizSession:
        """A new session with only the wrongly answered questions (same language, tries and
        shuffling; a new seed unless given)."""
        wrong = self.wrong_ids()
        if not wrong:
            raise QuizError("there are no wrongly answered questions to retry", reason="selection")
        return self._derive(wrong, seed)

    def practise_topic(self, topic: str, seed: int | str | None = None) -> QuizSession:
        """A new practice session with every question of ``topic`` (same language, tries and
        shuffling; no pass mark)."""
        if topic not in TOPICS:
            raise QuizError(f"unknown topic {topic!r}", value=topic, reason="selection")
        return self._derive(topic, seed, quiz_id=f"practise-{topic}")

    def reseeded(self, seed: int | str) -> QuizSession:
        """The same quiz (selection, limit, pass mark and all) with the order of ``seed``."""
        return self._derive(self.selection, seed, limit=self.limit, pass_mark=self.pass_mark)

    def _derive(
        self, selection: str | Iterable[str], seed: int | str | None, **changes: Any
    ) -> QuizSession:
        """A new session like this one (language, tries, shuffling, quiz id, content) for
        ``selection``; ``changes`` set other keyword arguments."""
        fields: dict[str, Any] = {
            "tries": self.tries,
            "shuffle": self.shuffle,
            "quiz_id": self.quiz_id,
            "content": self.content,
            **changes,
        }
        return QuizSession(selection, self.lang, seed=seed, **fields)


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
