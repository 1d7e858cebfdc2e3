"""Intake: staff describe a worry without identifying the child; the guard runs before anything else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import LocalClock, WorkspaceClocks
from bot.consultations.cases import about
from bot.contacts import reading
from bot.crypto import TextBox
from bot.errors import BrygganError
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.consultations import add_consultation, get_consultation, next_seq
from storage.models import Consultation, ConsultationStatus, School

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf

GRADES = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9", "gy1", "gy2", "gy3")
AREAS = (
    "franvaro",
    "psykisk_ohalsa",
    "omsorgssvikt",
    "vald",
    "sexuella_overgrepp",
    "missbruk",
    "kriminalitet",
    "hedersrelaterat",
    "annat",
)
REACH = ("dm", "phone", "meeting")
MIN_TEXT, MAX_TEXT = 20, 2000


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored consultation and where it went."""

    number: str
    routed_to: str
    to_fallback: bool


class Intake:
    """Submitting consultations; only the guard's clean text is ever stored (encrypted)."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        box: TextBox,
        notices: Notifier,
        audit: Auditor,
        workspace: ValuesOf,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._box = box
        self._notices = notices
        self._audit = audit
        self._workspace = workspace

    def school_for(self, actor: Actor, *, channel_id: str) -> str:
        """The name of the school whose channel this is (consultations start in a school channel)."""
        with self._sessions.begin() as session:
            return reading.school_of_channel(session, actor, channel_id).name

    def submit(
        self, actor: Actor, *, channel_id: str, grade: str, areas: list[str], description: str, reach: str
    ) -> Submitted:
        """Guard, then store (encrypted) and route to the acting contact, or the fallback channel."""
        description = description.strip()
        self._validate(grade, areas, description, reach)
        require_non_identifying(description, purpose="consultation")
        for attempt in range(3):  # two submissions racing for the same number: the loser takes the next
            try:
                return self._store(actor, channel_id, grade, areas, description, reach)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _validate(self, grade: str, areas: list[str], description: str, reach: str) -> None:
        if grade not in GRADES:
            raise BrygganError("consultation_grade")
        if not areas or any(area not in AREAS for area in areas):
            raise BrygganError("consultation_areas")
        if reach not in REACH:
            raise BrygganError("consultation_reach")
        if not MIN_TEXT <= len(description) <= MAX_TEXT:
            raise BrygganError("consultation_length", least=MIN_TEXT, most=MAX_TEXT)

    def _store(
        self, actor: Actor, channel_id: str, grade: str, areas: list[str], description: str, reach: str
    ) -> Submitted:
        # Before the unit of work: both may read the database.
        local, fallback = self._clock.for_team(actor.team_id), self._workspace(actor.team_id).fallback_channel
        now = local.now()
        year = local.local(now).year  # the case number's year is the workspace's
        with self._sessions.begin() as session:
            school = reading.school_of_channel(session, actor, channel_id)
            acting = self._acting(session, actor.team_id, school, local)
            routed = acting or fallback
            if routed is None:
                raise BrygganError("consultation_nowhere")
            case = add_consultation(
                session,
                Consultation(
                    team_id=actor.team_id,
                    year=year,
                    seq=next_seq(session, team_id=actor.team_id, year=year),
                    school_id=school.id,
                    asker_id=actor.user_id,
                    grade=grade,
                    areas=sorted(areas),
                    reach=reach,
                    description=self._box.seal(description),
                    routed_to=routed,
                    holder_id=routed,
                    status=ConsultationStatus.OPEN,
                    received_at=now,
                ),
            )
            case.holder_thread = f"consultation:{case.id}:received"
            case.asker_thread = f"consultation:{case.id}:receipt"
            args = {
                "id": case.id,
                "number": case.number,
                "school": school.name,
                "grade": grade,
                "areas": case.areas,
                "reach": reach,
                "asker": actor.user_id,
                "text": case.description,
                "fallback": acting is None,
            }
            key = {"case": case.id}
            self._notices.notify(
                session,
                Notice.CONSULTATION_RECEIVED,
                team_id=case.team_id,
                recipient=routed,
                args=args,
                key=key,
            )
            self._notices.notify(
                session,
                Notice.CONSULTATION_RECEIPT,
                team_id=case.team_id,
                recipient=actor.user_id,
                args={
                    "id": case.id,
                    "number": case.number,
                    "school": school.name,
                    "routed_to": routed,
                    "fallback": acting is None,
                },
                key=key,
            )
            self._audit.record(session, AuditAction.CONSULTATION_SUBMITTED, by=actor, **about(case))
            return Submitted(case.number, routed, acting is None)

    def _acting(self, session: Session, team_id: str, school: School, local: LocalClock) -> str | None:
        [status] = reading.statuses(
            session, team_id=team_id, schools=[school], today=local.today(), zone=local.zone
        )
        return status.coverage.acting_person

    def undelivered(self, *, team_id: str, consultation_id: int) -> bool:
        """Tell the asker their case never reached its receiver (its receipt said it was sent)."""
        with self._sessions.begin() as session:
            case = get_consultation(session, team_id=team_id, consultation_id=consultation_id)
            if case is None:
                return False
            school = session.get(School, case.school_id)
            args = {"id": case.id, "number": case.number, "school": school.name if school else ""}
            return self._notices.notify(
                session,
                Notice.CONSULTATION_UNDELIVERED,
                team_id=case.team_id,
                recipient=case.asker_id,
                args=args,
                key={"case": case.id},
            )
