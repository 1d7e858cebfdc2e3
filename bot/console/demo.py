"""The demo municipality for the offline console: people, channels and schools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.followup.terms import Terms
from bot.workhours import is_working_day
from storage.contacts import add_assignment, save_profile
from storage.meetings import save_series
from storage.models import (
    Assignment,
    Consultation,
    ConsultationStatus,
    ContactProfile,
    MeetingNote,
    MeetingSeries,
    Role,
    School,
    SchoolKind,
)
from storage.schools import add_school

TEAM_ID = "T0DEMO"
BOT_TOKEN = "xoxb-demo-bryggan"  # noqa: S105 — only ever valid against the local stand-in
APP_TOKEN = "xapp-demo-bryggan"  # noqa: S105
SIGNING_SECRET = "demo-signing-secret"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    id: str
    name: str
    real_name: str
    title: str
    is_admin: bool = False


@dataclass(frozen=True)
class DemoSchool:
    name: str
    kind: SchoolKind
    channel_id: str | None
    channel_name: str


USERS = (
    DemoUser("U0ADMIN01", "admin", "Alva Administratör", "Samordnare skola–socialtjänst", is_admin=True),
    DemoUser("U0REKTOR1", "rektor", "Rut Rektorsson", "Rektor, Berzeliusskolan"),
    DemoUser("U0KURATOR", "kurator", "Kim Kuratorsson", "Kurator, Ekholmsskolan"),
    DemoUser("U0LARARE1", "larare", "Lo Lärare", "Mentor åk 8"),
    DemoUser("U0SARA001", "sara", "Sara Socialsekreterare", "Socialsekreterare, barn och unga"),
    DemoUser("U0OMAR001", "omar", "Omar Socialsekreterare", "Socialsekreterare, barn och unga"),
)

SCHOOLS = (
    DemoSchool("Berzeliusskolan", SchoolKind.KOMMUNAL, "C0BERZELI", "berzeliusskolan"),
    DemoSchool("Ekholmsskolan", SchoolKind.KOMMUNAL, "C0EKHOLMS", "ekholmsskolan"),
    DemoSchool("Friskolan Kunskapsbron", SchoolKind.FRISTAENDE, "C0KUNSKAP", "kunskapsbron"),
)

# A channel no school is bound to, to show what `/kontakt` says there.
UNLINKED_CHANNEL = ("C0PERSONA", "personalrummet")
# The demo's contacts have served a while, so the term's figures have some history.
SERVING_SINCE = timedelta(days=150)
ADMINS = frozenset(u.id for u in USERS if u.is_admin)
SARA, OMAR = "U0SARA001", "U0OMAR001"
# Who serves which school at the start: Kunskapsbron is vacant, to show what staff then see.
ASSIGNMENTS = (
    ("Berzeliusskolan", SARA, Role.CONTACT),
    ("Berzeliusskolan", OMAR, Role.DEPUTY),
    ("Ekholmsskolan", SARA, Role.CONTACT),
)


def seed(sessions: sessionmaker[Session], clock: Clock, zone: ZoneInfo) -> None:
    """Create the demo schools bound to their channels, their contacts, Sara's profile and an EHT series."""
    now = clock.now()
    with sessions.begin() as session:
        ids = {}
        for school in SCHOOLS:
            row = School(
                team_id=TEAM_ID,
                name=school.name,
                kind=school.kind,
                channel_id=school.channel_id,
                created_at=now,
            )
            ids[school.name] = add_school(session, row).id
        for name, person, role in ASSIGNMENTS:
            add_assignment(
                session,
                Assignment(
                    team_id=TEAM_ID,
                    school_id=ids[name],
                    person_id=person,
                    role=role,
                    starts_at=now - SERVING_SINCE,
                    assigned_by="U0ADMIN01",
                ),
            )
        save_profile(
            session,
            ContactProfile(
                team_id=TEAM_ID,
                person_id=SARA,
                title="Socialsekreterare, barn och unga",
                phone="013-12 34 56",
                reachable="mån–fre 8–16",
                updated_at=now,
            ),
        )
        today = clock.now().astimezone(zone).date()
        series = _demo_series(ids["Berzeliusskolan"], today, now)
        # Met weekly since the term began, so the follow-up's held meetings agree with the series.
        term_first = Terms.parse().current(today).first
        series.anchor -= timedelta(weeks=(series.anchor - term_first).days // 7)
        save_series(session, series, old_ends_on=today)
        _demo_activity(session, ids, today, zone, now)


def _demo_series(school_id: int, today: date, now: datetime) -> MeetingSeries:
    """Berzeliusskolan's EHT meets on the second working day from today at 13:15, so that
    `spola 2 dagar` shows the day-before reminder, the contact's DM and the notes prompt."""
    day, found = today, 0
    while found < 2:
        day += timedelta(days=1)
        found += is_working_day(day)
    return MeetingSeries(
        team_id=TEAM_ID,
        school_id=school_id,
        weekday=day.weekday(),
        start_time=time(13, 15),
        every_weeks=1,
        anchor=day,
        duration_minutes=60,
        place="Konferensrummet",
        remind_at=time(8),
        contact_lead_minutes=60,
        updated_by="U0ADMIN01",
        updated_at=now,
    )


# Past activity for `/uppföljning`: (days ago, school, grade, areas, hours to acknowledgement, outcome).
DEMO_CASES = (
    (3, "Berzeliusskolan", "8", ["franvaro"], 2, "rad_lamnat"),
    (6, "Berzeliusskolan", "7", ["psykisk_ohalsa", "franvaro"], 5, "orosanmalan_rekommenderas"),
    (10, "Berzeliusskolan", "9", ["vald"], 1, "hanvisad"),
    (15, "Berzeliusskolan", "8", ["omsorgssvikt"], 9, None),
    (22, "Berzeliusskolan", "6", ["franvaro"], 3, "fortsatt_kontakt"),
    (29, "Berzeliusskolan", "9", ["missbruk"], None, None),
    (8, "Ekholmsskolan", "8", ["franvaro"], 4, "rad_lamnat"),
)


def _demo_activity(session: Session, ids: dict[str, int], today: date, zone: ZoneInfo, now: datetime) -> None:
    """A month of consultations and a weekly EHT at Ekholmsskolan since the term began, with some notes."""
    term_first = Terms.parse().current(today).first
    for n, (ago, school, grade, areas, hours, outcome) in enumerate(DEMO_CASES, start=1):
        received = datetime.combine(today - timedelta(days=ago), time(9), tzinfo=zone)
        if received.date() < term_first:
            continue
        acknowledged = received + timedelta(hours=hours) if hours is not None else None
        session.add(
            Consultation(
                team_id=TEAM_ID,
                year=received.year,
                seq=n,
                school_id=ids[school],
                asker_id="U0KURATOR",
                grade=grade,
                areas=areas,
                reach="dm",
                description=None,  # a demo case's text is long gone (retention)
                routed_to=SARA,
                status=ConsultationStatus.CLOSED if outcome else ConsultationStatus.OPEN,
                received_at=received,
                acknowledged_at=acknowledged,
                acknowledged_by=SARA if acknowledged else None,
                closed_at=acknowledged if outcome else None,
                outcome=outcome,
                text_deleted_at=received if outcome else None,
            )
        )
    anchor = term_first + timedelta(days=(2 - term_first.weekday()) % 7)  # the term's first Wednesday
    series = _demo_series(ids["Ekholmsskolan"], anchor - timedelta(days=3), now)
    series.weekday, series.anchor, series.start_time = 2, anchor, time(14)
    session.add(series)
    for week in range(0, 30, 2):  # notes from every other meeting
        day = anchor + timedelta(weeks=week)
        if day < today:
            session.add(
                MeetingNote(
                    team_id=TEAM_ID,
                    school_id=ids["Ekholmsskolan"],
                    day=day,
                    decisions="Rutin för frånvarouppföljning gås igenom.",
                    actions=None,
                    follow_up="Kurator",
                    author_id="U0KURATOR",
                    recorded_at=now,
                )
            )
