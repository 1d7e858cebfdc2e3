"""Counting one term from storage: consultations, EHT meetings and continuity per school."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from bot.consultations.intake import GRADES
from bot.contacts.coverage import Acting, away_on, cover
from bot.followup.figures import ConsultationFigures, ContinuityFigures, MeetingFigures
from bot.meetings.breaks import Calendar
from bot.meetings.dates import as_series
from bot.meetings.recurrence import Change, Status, occurrences
from bot.workhours import WorkingHours, is_working_day
from storage.models import Absence, Assignment, Consultation, MeetingChange, MeetingSeries, Role

_BANDS = {
    **dict.fromkeys(GRADES[:4], "F–3"),
    **dict.fromkeys(GRADES[4:7], "4–6"),
    **dict.fromkeys(GRADES[7:10], "7–9"),
}


def grade_band(grade: str) -> str:
    """F–3, 4–6, 7–9 or gymnasiet."""
    return _BANDS.get(grade, "gymnasiet")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def consultations(
    cases: Iterable[Consultation],
    *,
    hours: WorkingHours,
    target: float,
    zone: ZoneInfo,
    purged: Mapping[str, int] | None = None,
    first_replies: Mapping[int, datetime] | None = None,
) -> ConsultationFigures:
    """The consultation figures of `cases` (received in the term); `purged`: texts withdrawn per number;
    `first_replies`: when the receiving side first replied, per case id."""
    cases = list(cases)
    purged, first_replies = purged or {}, first_replies or {}
    to_reply = [
        hours.between(c.received_at, first_replies[c.id]).total_seconds() / 3600
        for c in cases
        if c.id in first_replies
    ]
    waits = [
        hours.between(c.received_at, c.acknowledged_at).total_seconds() / 3600
        for c in cases
        if c.acknowledged_at is not None
    ]
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cases:
        by_month[c.received_at.astimezone(zone).strftime("%Y-%m")].update(c.areas)
    return ConsultationFigures(
        total=len(cases),
        by_area=dict(Counter(area for c in cases for area in c.areas)),
        by_grade_band=dict(Counter(grade_band(c.grade) for c in cases)),
        by_outcome=dict(Counter(c.outcome for c in cases if c.outcome)),
        still_open=sum(1 for c in cases if c.closed_at is None),
        acknowledged=len(waits),
        ack_median_hours=round(median(waits), 2) if waits else None,
        ack_p90_hours=round(p90, 2) if (p90 := percentile(waits, 0.9)) is not None else None,
        within_target=sum(1 for w in waits if w <= target),
        by_month_area={month: dict(areas) for month, areas in sorted(by_month.items())},
        texts_purged=sum(purged.get(c.number, 0) for c in cases),
        forwarded=sum(1 for c in cases if c.forwarded),
        withdrawn=sum(1 for c in cases if c.withdrawn_at is not None),
        replied=len(to_reply),
        reply_median_hours=round(median(to_reply), 2) if to_reply else None,
    )


def meetings(
    series: list[MeetingSeries],
    changes: list[MeetingChange],
    *,
    calendar: Calendar,
    zone: ZoneInfo,
    first: date,
    last: date,
    now: datetime,
    noted: set[date],
    items: int,
) -> MeetingFigures:
    """One school's meetings with a series day in [first, last] that had started by `now`."""
    by_day = {c.day: Change(c.day, c.kind, c.new_day, c.new_start) for c in changes}
    counts: Counter[str] = Counter()
    for row in series:
        start = max(first, row.anchor)
        end = min(last, row.ended_on) if row.ended_on else last
        if end < start:
            continue
        found = occurrences(
            as_series(row), changes=by_day, skip=calendar.skip, zone=zone, first=start, last=end
        )
        for o in found:
            if o.starts_at > now:
                continue
            counts[o.status.value] += 1
            if o.held and o.day in noted:
                counts["noted"] += 1
    held = counts[Status.PLANNED.value] + counts[Status.MOVED.value]
    cancelled = counts[Status.CANCELLED.value]
    return MeetingFigures(
        planned=held + cancelled,
        held=held,
        cancelled=cancelled,
        skipped=counts[Status.SKIPPED.value],
        with_notes=counts["noted"],
        agenda_items=items,
    )


def continuity(
    assignments: list[Assignment], absences: list[Absence], *, zone: ZoneInfo, first: date, last: date
) -> ContinuityFigures:
    """One school's coverage on the working days of [first, last]."""
    periods = {role: _periods(assignments, role, zone) for role in Role}
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = [d for d in days if is_working_day(d)]
    covered, acting_by_day = 0, {}
    for day in working:
        contact = _holder(periods[Role.CONTACT], day)
        deputy = _holder(periods[Role.DEPUTY], day)
        away = away_on(absences, day)
        coverage = cover(contact, deputy, away)
        acting_by_day[day] = (contact, coverage.acting)
        covered += coverage.acting is not Acting.NOBODY
    contacts = periods[Role.CONTACT]
    changes = sum(1 for n, (_p, begin, _end) in enumerate(contacts) if n > 0 and first <= begin <= last)
    longest = max(
        (
            (min(end or last, last) - max(begin, first)).days + 1
            for _p, begin, end in contacts
            if begin <= last and (end is None or end >= first)
        ),
        default=0,
    )
    # An absence counts for the working days it kept away the school's contact of that day.
    kept_away = [[d for d in _span(a, first, last) if acting_by_day[d][0] == a.person_id] for a in absences]
    theirs = [days for days in kept_away if days]
    covered_absences = sum(all(acting_by_day[d][1] is Acting.DEPUTY for d in days) for days in theirs)
    return ContinuityFigures(
        days=len(working),
        covered_days=covered,
        contact_changes=changes,
        longest_assignment_days=longest,
        absences=len(theirs),
        absences_covered=covered_absences,
    )


def _periods(
    assignments: list[Assignment], role: Role, zone: ZoneInfo
) -> list[tuple[str, date, date | None]]:
    # A period covers whole local days: from its first day to the day before it ended (a same-day
    # successor takes that day); one still running has no end.
    found = []
    for a in sorted((a for a in assignments if a.role == role), key=lambda a: a.starts_at):
        begin = a.starts_at.astimezone(zone).date()
        end = a.ends_at.astimezone(zone).date() - timedelta(days=1) if a.ends_at else None
        found.append((a.person_id, begin, end))
    return found


def _holder(periods: list[tuple[str, date, date | None]], day: date) -> str | None:
    holder = None
    for person, begin, end in periods:
        if begin <= day and (end is None or day <= end):
            holder = person
    return holder


def _span(absence: Absence, first: date, last: date) -> list[date]:
    begin, end = max(absence.first_day, first), min(absence.last_day, last)
    return [
        begin + timedelta(days=n)
        for n in range((end - begin).days + 1)
        if is_working_day(begin + timedelta(days=n))
    ]


def window(term_first: date, term_last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The term as instants: from its first local midnight to the midnight after its last day."""
    start = datetime.combine(term_first, time(0), tzinfo=zone)
    end = datetime.combine(term_last + timedelta(days=1), time(0), tzinfo=zone)
    return start, end
