"""The participation record of a session, for a policy officer's file (evidence of an
AI-literacy measure, Art. 4 AI Act): organisation and title, date, start and end time in local
time (Europe/Amsterdam by default, with its offset), the topics and questions covered with the
version of the law the questions follow (``as_of``), how many took part, and the anonymous
distribution of participants' first-try scores. No nicknames, no individual results.

Also the local time of an answer for the CSV export (:func:`local_time`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiact_kit.engines.workshop.errors import InvalidInput
from aiact_kit.engines.workshop.reports import Row, first_attempts

DEFAULT_TZ = "Europe/Amsterdam"
# score bands of the distribution: [0, 20), [20, 40), [40, 60), [60, 80), [80, 100]
BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))


def zone(name: str = DEFAULT_TZ) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r} (e.g. Europe/Amsterdam)", "tz") from None


def local_time(iso_utc: str, tz: str = DEFAULT_TZ) -> str:
    """'2026-12-03T13:05:00.123+00:00' -> '2026-12-03T14:05:00+01:00' (to the second)."""
    return datetime.fromisoformat(iso_utc).astimezone(zone(tz)).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ParticipationRecord:
    code: str
    title: str
    organisation: str
    lang: str
    tz: str
    date: str  # local date of the session, ISO
    start: str  # local time with offset: the session opened (or first answer)
    end: str | None  # local time with offset: the last answer
    topics: tuple[str, ...]
    questions: tuple[str, ...]  # ids, in the order the session reached them
    as_of: str  # the date of the law the questions follow
    participants: int
    active_participants: int
    score_bands: tuple[tuple[int, int, int], ...]  # (from %, to %, participants)
    average_score: float | None  # 0..1, first tries


def build_record(
    row: Row,
    people: list[Row],
    answers: list[Row],
    organisation: str,
    as_of: str,
    tz: str = DEFAULT_TZ,
) -> ParticipationRecord:
    """The record from one consistent read of a session (see ``reports.Snapshot``)."""
    times = sorted(str(a[8]) for a in answers)
    start_utc = min([str(row[4]), *times[:1]])
    questions = tuple(dict.fromkeys(str(a[1]) for a in answers))
    per_person: dict[int, list[float]] = {}
    for a in first_attempts(answers).values():
        per_person.setdefault(int(a[0]), []).append(float(a[3]))
    averages = [100 * sum(s) / len(s) for s in per_person.values()]
    bands = tuple(
        (lo, hi, sum(1 for v in averages if lo <= v < hi or (hi == 100 and v == 100)))
        for lo, hi in BANDS
    )
    scores = [float(a[3]) for a in first_attempts(answers).values()]
    start = local_time(start_utc, tz)
    return ParticipationRecord(
        code=str(row[1]),
        title=str(row[2]),
        organisation=organisation,
        lang=str(row[3]),
        tz=tz,
        date=start[:10],
        start=start,
        end=local_time(times[-1], tz) if times else None,
        topics=tuple(sorted({str(a[6]) for a in answers if a[6]})),
        questions=questions,
        as_of=as_of,
        participants=len(people),
        active_participants=len(per_person),
        score_bands=bands,
        average_score=sum(scores) / len(scores) if scores else None,
    )


__all__ = ["BANDS", "DEFAULT_TZ", "ParticipationRecord", "build_record", "local_time", "zone"]
