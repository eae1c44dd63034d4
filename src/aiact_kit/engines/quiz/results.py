"""What a quiz session reports: the state of a question, an attempt, the progress, the score
per topic, the summary at the end and its score band (plain data, no logic beyond shares)."""

from __future__ import annotations

from dataclasses import dataclass

from aiact_kit.engines.quiz.views import Result

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
    first_correct: bool = False  # the first try was right

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
    first_try: int = 0  # questions right at the first try

    @property
    def share(self) -> float:
        """The share of the topic's questions answered right (the score rule shown)."""
        return self.correct / self.total if self.total else 0.0


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
    first_try: int = 0  # questions right at the first try
    unanswered: int = 0  # questions never checked: they count as wrong
    pass_mark: float | None = None  # share right needed to pass (None: no pass mark)

    @property
    def share(self) -> float:
        """The final score: the share of all questions answered right (a question counts as
        right only when it is wholly right; an unanswered question counts as wrong)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def first_share(self) -> float:
        """The first-try score: the share of all questions right at the first try."""
        return self.first_try / self.total if self.total else 0.0

    @property
    def passed(self) -> bool | None:
        """Whether the final score reaches the pass mark (None without a pass mark)."""
        if self.pass_mark is None:
            return None
        return self.share >= self.pass_mark - 1e-9


__all__ = [
    "SCORE_BANDS",
    "Attempt",
    "Progress",
    "QuestionState",
    "Summary",
    "TopicScore",
    "band_key",
]
