"""/eht end to end through the stand-in: schedule, reminders, agenda, notes, changes, breaks, DST, .ics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import func, select

from bot.actors import Actor
from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.errors import BrygganError
from bot.privacy import IdentifyingText
from bot.settings import Settings
from bot.workspace_settings import Key
from localslack import Driver, LocalSlack, Workspace
from localslack.models import Message
from storage.meetings import series_history
from storage.models import AgendaItem, DeliveryStatus, MeetingNote, OutboxMessage
from tests.conftest import STOCKHOLM
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import CHANNELS, PEOPLE, TEAM, nested_checkouts, test_settings

BREAKS = """\
- name: Jullov
  first: 2026-12-21
  last: 2027-01-06
- name: Sportlov
  week: 2027-W08
"""
ITEM = "Rutiner för uppföljning av frånvaro i årskurs 8"


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace, tmp_path: Path) -> Settings:
    """The usual test settings plus a municipality's school breaks."""
    breaks = tmp_path / "lov.yaml"
    breaks.write_text(BREAKS, encoding="utf-8")
    return test_settings(database_url=database_url, api_url=slack.api_url, school_breaks=breaks)


class Eht(Kontakt):
    """Types /eht (and /kontakt) as a person; delivers and materialises on demand."""

    def eht(self, user: str, text: str, channel: str = CHANNELS.berzelius) -> Message:
        seen = len(self.ws.ephemerals_to(user))
        assert self.driver.command(user=user, channel=channel, command="/eht", text=text).status == 200
        return self.ws.wait_for(lambda ws: ws.ephemerals_to(user)[seen:] or None)[-1]

    def replace_schedule(self, user: str, text: str, label: str = "Ersätt schemat") -> Message:
        """`/eht schema` over an existing series: the preview, then a click on one of its buttons."""
        preview = self.eht(user, f"schema {text}")
        return self.click(user, preview, "", label)

    def deliver_all(self) -> None:
        """Materialise, then run the outbox until nothing due is left, as the ticker would."""
        self.bryggan.services.meetings.reminders.materialise()
        for _ in range(20):
            if not any(self.bryggan.dispatcher.run_once().as_dict().values()):
                return

    def channel(self, word: str = "") -> list[Message]:
        return [m for m in self.ws.messages_in(CHANNELS.berzelius) if word in m.text]

    def rows(self, prefix: str = "eht:") -> dict[str, OutboxMessage]:
        with self.bryggan.sessions.begin() as session:
            rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith(prefix)))
            return {row.key: row for row in rows}


@pytest.fixture
def eht(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Eht:
    """Berzeliusskolan linked, Sara its contact and Omar her deputy."""
    eht = Eht(driver, workspace, bryggan)
    eht(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    eht(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    eht(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    eht.deliver()
    return eht


def _button(message: Message) -> dict:
    (button,) = [e for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]
    return button


def test_a_schedule_lists_the_coming_meetings_with_breaks_shown_and_their_reason(eht: Eht) -> None:
    reply = eht.eht(PEOPLE.rektor, "schema tisdag 13:15 längd 90 Rum B12")
    assert "Schemat är sparat" in reply.text
    assert "varje tisdag kl. 13:15 (90 min), Rum B12" in reply.text
    assert "*tisdag 24 november kl. 13:15*" in reply.text  # today, still ahead at 08:00
    assert "*tisdag 15 december kl. 13:15*" in reply.text
    assert "~tisdag 22 december kl. 13:15~ inget möte (lov: Jullov)" in reply.text
    assert "~tisdag 29 december kl. 13:15~ inget möte (lov: Jullov)" in reply.text
    assert reply.text == eht.eht(PEOPLE.rektor, "nästa").text.replace("*EHT", "Schemat är sparat. *EHT", 1)


def test_bad_schedules_are_refused_with_the_reason_and_change_nothing(eht: Eht, bryggan: Bryggan) -> None:
    assert "mellan 02:00 och 03:00" in eht.eht(PEOPLE.rektor, "schema tisdag 02:30").text
    assert "vardagar" in eht.eht(PEOPLE.rektor, "schema söndag 10:00").text
    assert "ingen tid jag förstår" in eht.eht(PEOPLE.rektor, "schema tisdag 25:00").text
    # The place is posted in the channel and every reminder: a home address in it is refused too.
    refused = eht.eht(PEOPLE.rektor, "schema tisdag 13:15 hemma hos Wilma Andersson").text
    assert "kan peka ut en person" in refused
    assert "Wilma" not in refused
    assert "inget EHT-schema" in eht.eht(PEOPLE.rektor, "nästa").text
    assert eht.rows() == {}


def test_the_day_before_reminder_shows_the_agenda_and_the_contact_gets_a_dm_an_hour_before(
    eht: Eht, clock: FakeClock, workspace: Workspace
) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00 Rum B12")  # first meeting Wednesday 25 November
    assert "Wednesday 25 November" in eht.eht(PEOPLE.kurator_en, f"punkt {ITEM}").text  # English locale
    eht.deliver_all()  # Tuesday 08:00: the working day before, at 08:00
    (reminder,) = eht.channel("EHT-möte onsdag 25 november kl. 10:00")
    assert ITEM in reminder.text
    assert "Rum B12" in reminder.text
    assert _button(reminder)["text"]["text"] == "Lägg till punkt"
    assert not [m for m in workspace.dm_messages_to(PEOPLE.sara) if "EHT" in m.text]

    clock.set(_at(2026, 11, 25, 9, 0))
    eht.deliver_all()
    (soon,) = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "EHT-möte" in m.text]
    assert "Om en stund" in soon.text
    assert ITEM in soon.text
    eht.deliver_all()
    assert len(eht.channel("EHT-möte onsdag 25 november")) == 1  # nothing twice


def test_an_item_added_with_the_reminders_button_is_guarded_and_stored(
    eht: Eht, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    eht.deliver_all()
    (reminder,) = eht.channel("EHT-möte")
    driver.block_action(user=PEOPLE.rektor, action_id=_button(reminder)["action_id"], message=reminder)
    workspace.wait_for(lambda ws: ws.views_of(PEOPLE.rektor) or None)
    refused = driver.view_submission(
        user=PEOPLE.rektor,
        values={"item": {"item": {"type": "plain_text_input", "value": "Kalle, 140101-1236"}}},
    )
    assert "personnummer" in refused.body["errors"]["item"]
    accepted = driver.view_submission(
        user=PEOPLE.rektor, values={"item": {"item": {"type": "plain_text_input", "value": ITEM}}}
    )
    assert accepted.body["response_action"] == "update"
    with bryggan.sessions.begin() as session:
        assert list(session.scalars(select(AgendaItem.text))) == [ITEM]


def test_an_identifying_agenda_item_is_refused_and_nothing_is_stored(eht: Eht, bryggan: Bryggan) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    reply = eht.eht(PEOPLE.rektor, "punkt Oro för Kalle Andersson 20140101-1236 i 8B")
    assert "personnummer" in reply.text
    assert "Ingenting har sparats" in reply.text
    with bryggan.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_the_deputy_gets_the_dm_when_the_contact_is_away_that_day(
    eht: Eht, clock: FakeClock, workspace: Workspace
) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    eht(PEOPLE.sara, CHANNELS.berzelius, "frånvaro 25/11")
    clock.set(_at(2026, 11, 25, 9, 0))
    eht.deliver_all()
    assert [m for m in workspace.dm_messages_to(PEOPLE.omar) if "EHT-möte" in m.text]
    assert not [m for m in workspace.dm_messages_to(PEOPLE.sara) if "EHT-möte" in m.text]


def test_after_the_meeting_a_prompt_then_one_reminder_two_working_days_later_then_notes_in_the_thread(
    eht: Eht, clock: FakeClock, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    eht.deliver_all()
    (reminder,) = eht.channel("EHT-möte onsdag")
    clock.set(_at(2026, 11, 25, 11, 0))  # the meeting has ended
    eht.deliver_all()
    (prompt,) = eht.channel("är slut")
    assert prompt.thread_ts == reminder.ts
    clock.set(_at(2026, 11, 27, 10, 59))  # 08–17 working hours: Wed 6 h + Thu 9 h + Fri 3 h = Fri 11:00
    eht.deliver_all()
    assert not eht.channel("saknas fortfarande")
    clock.set(_at(2026, 11, 27, 11, 0))
    eht.deliver_all()
    (nudge,) = eht.channel("saknas fortfarande")
    assert nudge.thread_ts == reminder.ts

    driver.block_action(user=PEOPLE.kurator_en, action_id=_button(nudge)["action_id"], message=nudge)
    workspace.wait_for(lambda ws: ws.views_of(PEOPLE.kurator_en) or None)
    values = {
        "decisions": {"decisions": {"type": "plain_text_input", "value": "Ny rutin för frånvaro i åk 8."}},
        "actions": {"actions": {"type": "plain_text_input", "value": "Kurator tar fram underlag."}},
        "follow_up": {"follow_up": {"type": "plain_text_input", "value": "Rektor, nästa möte."}},
    }
    assert driver.view_submission(user=PEOPLE.kurator_en, values=values).body["response_action"] == "update"
    eht.deliver_all()
    (notes,) = eht.channel("Anteckningar från EHT-mötet onsdag 25 november")
    assert notes.thread_ts == reminder.ts
    assert "Ny rutin för frånvaro" in notes.text
    assert "Kurator tar fram underlag" in notes.text


def test_notes_written_in_time_withdraw_the_reminder(eht: Eht, clock: FakeClock, bryggan: Bryggan) -> None:
    eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    clock.set(_at(2026, 11, 25, 11, 0))
    eht.deliver_all()
    reminder = f"eht:1:2026-11-25T1000:notes_reminder:{CHANNELS.berzelius}"
    assert reminder in eht.rows()
    target = bryggan.services.meetings.agenda.last_held(_actor(), channel_id=CHANNELS.berzelius)
    bryggan.services.meetings.agenda.save_notes(
        _actor(), target=target, decisions="Beslut om rutin.", actions="", follow_up=""
    )
    assert reminder not in eht.rows()
    assert f"eht:1:2026-12-02T1000:notes_reminder:{CHANNELS.berzelius}" in eht.rows()  # the next one stays
    clock.set(_at(2026, 11, 30, 12, 0))
    eht.deliver_all()
    assert not eht.channel("saknas fortfarande")
    with bryggan.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(MeetingNote)) == 1


def test_identifying_notes_are_refused_beside_the_field(eht: Eht, clock: FakeClock, bryggan: Bryggan) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 08:30")
    clock.set(_at(2026, 11, 24, 10, 0))
    target = bryggan.services.meetings.agenda.last_held(_actor(), channel_id=CHANNELS.berzelius)
    with pytest.raises(IdentifyingText):
        bryggan.services.meetings.agenda.save_notes(
            _actor(), target=target, decisions="Ring mamma på 070-123 45 67.", actions="", follow_up=""
        )
    with bryggan.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(MeetingNote)) == 0


def test_a_cancelled_meeting_is_announced_and_its_reminders_withdrawn(eht: Eht) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15")
    assert any("2026-12-01T1315:day_before" in key for key in eht.rows())
    reply = eht.eht(PEOPLE.rektor, "ställ in 1/12")
    assert "tisdag 1 december kl. 13:15 är inställt" in reply.text
    assert not any("2026-12-01" in key for key in eht.rows())
    eht.deliver_all()
    assert eht.channel("är *inställt*")
    assert "~tisdag 1 december kl. 13:15~ inställt" in eht.eht(PEOPLE.rektor, "nästa").text
    assert "redan inställt" in eht.eht(PEOPLE.rektor, "ställ in 2026-12-01").text


def test_a_moved_meeting_carries_its_reminders_and_agenda_to_the_new_time(eht: Eht, clock: FakeClock) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15")
    reply = eht.eht(PEOPLE.rektor, "flytta 8/12 2026-12-09 14:00")
    assert "flyttat till *onsdag 9 december kl. 14:00*" in reply.text
    keys = eht.rows()
    assert not any("2026-12-08T1315" in key for key in keys)
    day_before = keys[f"eht:1:2026-12-09T1400:day_before:{CHANNELS.berzelius}"]
    assert day_before.due_at == _at(2026, 12, 8, 8, 0).astimezone(UTC)
    assert "*onsdag 9 december kl. 14:00* (flyttat)" in eht.eht(PEOPLE.rektor, "nästa").text
    assert "Sportlov" not in reply.text
    refused = eht.eht(PEOPLE.rektor, "flytta 15/12 2026-12-24")
    assert "Julafton" in refused.text


def test_a_meeting_moved_to_a_weekday_lands_on_that_day_of_its_own_week(eht: Eht) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15")
    reply = eht.eht(PEOPLE.rektor, "flytta 8/12 onsdag")
    assert "flyttat till *onsdag 9 december kl. 13:15*" in reply.text
    keys = eht.rows()
    assert f"eht:1:2026-12-09T1315:day_before:{CHANNELS.berzelius}" in keys
    assert not any("2026-12-08T1315" in key for key in keys)
    assert "*onsdag 9 december kl. 13:15* (flyttat)" in eht.eht(PEOPLE.rektor, "nästa").text
    assert (
        "flyttat till *måndag 14 december kl. 10:00*" in eht.eht(PEOPLE.rektor, "flytta 15/12 Mån 10:00").text
    )
    refused = eht.eht(PEOPLE.rektor, "flytta 1/12 lördag")
    assert "vardagar, inte lördag" in refused.text
    assert f"eht:1:2026-12-01T1315:day_before:{CHANNELS.berzelius}" in eht.rows()  # refused: unchanged


def test_a_meeting_in_a_school_break_is_skipped_with_one_notice_and_no_reminder(
    eht: Eht, clock: FakeClock
) -> None:
    clock.set(_at(2027, 2, 15, 8, 0))  # the Monday before sportlov (week 8)
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15")
    assert "~tisdag 23 februari kl. 13:15~ inget möte (lov: Sportlov)" in eht.eht(PEOPLE.rektor, "nästa").text
    clock.set(_at(2027, 2, 22, 8, 0))
    eht.deliver_all()
    assert eht.channel("Inget EHT-möte tisdag 23 februari kl. 13:15 för Berzeliusskolan – lov: Sportlov")
    assert not eht.channel("EHT-möte tisdag 23 februari kl. 13:15 ·")
    assert not any("2027-02-23T1315:contact_soon" in key for key in eht.rows())


def test_a_workspaces_own_school_breaks_replace_the_deployments_for_its_meetings(
    eht: Eht, clock: FakeClock, bryggan: Bryggan
) -> None:
    clock.set(_at(2027, 2, 15, 8, 0))
    settings, admin = bryggan.services.workspace, Actor(TEAM, PEOPLE.admin, is_admin=True)
    own = "name;first;last;week\nExtralov;;;2027-W09\n"  # what `bryggan settings set school_breaks` stores

    def uncached() -> None:  # a change clears the cache: the next use reads the database
        settings.change(admin, {Key.RETENTION_DAYS: str(settings.values(TEAM).retention_days + 1)})

    with nested_checkouts(bryggan) as nested:
        assert settings.change(admin, {Key.SCHOOL_BREAKS: own}) == [Key.SCHOOL_BREAKS]
        reply = eht.eht(PEOPLE.rektor, "schema tisdag 13:15")
        assert "*tisdag 23 februari kl. 13:15*" in reply.text  # sportlov is the deployment's, not A's
        assert "~tisdag 2 mars kl. 13:15~ inget möte (lov: Extralov)" in reply.text
        assert "Extralov" in eht.eht(PEOPLE.rektor, "flytta 23/2 2027-03-03").text  # refused onto A's break
        # Straight to the services (a Slack request reads the settings first, to know who asks):
        rektor, planning = Actor(TEAM, PEOPLE.rektor, is_admin=False), bryggan.services.meetings.planning
        uncached()
        with pytest.raises(BrygganError, match="eht_move_onto_skip"):
            planning.move(rektor, channel_id=CHANNELS.berzelius, words=["23/2", "2027-03-03"])
        uncached()
        clock.set(_at(2027, 3, 1, 8, 0))
        bryggan.services.meetings.reminders.materialise()
        eht.deliver_all()
        assert eht.channel("Inget EHT-möte tisdag 2 mars kl. 13:15 för Berzeliusskolan – lov: Extralov")
        assert nested
        assert not any(nested), nested  # the settings were read before each unit of work, never inside
    assert settings.change(admin, {Key.SCHOOL_BREAKS: None}) == [Key.SCHOOL_BREAKS]
    assert "*tisdag 2 mars kl. 13:15*" in eht.eht(PEOPLE.rektor, "nästa").text  # the defaults again


def test_a_public_holiday_is_skipped_with_its_name(eht: Eht, clock: FakeClock) -> None:
    clock.set(_at(2027, 4, 26, 8, 0))
    eht.eht(PEOPLE.rektor, "schema torsdag 10:00")
    assert (
        "~torsdag 6 maj kl. 10:00~ inget möte (helgdag: Kristi himmelsfärdsdag)"
        in eht.eht(PEOPLE.rektor, "nästa").text
    )


def test_an_english_reader_sees_holidays_named_in_english(eht: Eht, clock: FakeClock) -> None:
    clock.set(_at(2027, 4, 26, 8, 0))
    eht.eht(PEOPLE.rektor, "schema torsdag 10:00")
    coming = eht.eht(PEOPLE.kurator_en, "next").text
    assert "no meeting (public holiday: Ascension Day)" in coming
    assert "Kristi" not in coming
    assert "helgdag" not in coming
    assert "Christmas Eve" in eht.eht(PEOPLE.kurator_en, "move 9/12 2027-12-24").text
    assert ": weekend." in eht.eht(PEOPLE.kurator_en, "move 9/12 2027-12-11").text
    assert ": helg." in eht.eht(PEOPLE.rektor, "flytta 9/12 2027-12-11").text


@pytest.mark.parametrize(
    ("now", "before", "after"),
    [
        (_at(2027, 3, 22, 8, 0), (2027, 3, 23), (2027, 3, 30)),  # summer time starts Sunday 28 March
        (_at(2027, 10, 25, 8, 0), (2027, 10, 26), (2027, 11, 2)),  # and ends Sunday 31 October
    ],
)
def test_reminders_keep_their_local_time_across_the_dst_change(
    eht: Eht, clock: FakeClock, now: datetime, before: tuple[int, int, int], after: tuple[int, int, int]
) -> None:
    clock.set(now)
    eht.eht(PEOPLE.rektor, "schema tisdag 09:00")
    rows = eht.rows()
    for day in (before, after):
        stamp = date(*day).isoformat()
        soon = rows[f"eht:1:{stamp}T0900:contact_soon:{PEOPLE.sara}"]
        assert soon.due_at.astimezone(STOCKHOLM) == _at(*day, 8, 0)
    utc_hours = [
        rows[f"eht:1:{date(*d).isoformat()}T0900:contact_soon:{PEOPLE.sara}"].due_at.hour
        for d in (before, after)
    ]
    assert utc_hours == ([7, 6] if now.month == 3 else [6, 7])


def test_after_downtime_a_reminder_within_grace_is_sent_late_and_an_older_one_is_missed(
    eht: Eht, clock: FakeClock
) -> None:
    eht.eht(PEOPLE.rektor, "schema torsdag 10:00")  # day-before reminder Wednesday 08:00, grace 2 h
    clock.set(_at(2026, 11, 25, 9, 30))  # down since Tuesday; back within the grace
    eht.bryggan.dispatcher.run_once()
    (late,) = [r for k, r in eht.rows().items() if ":day_before:" in k and "2026-11-26" in k]
    assert late.status == DeliveryStatus.SENT
    assert late.late
    eht.replace_schedule(PEOPLE.rektor, "fredag 10:00")  # day-before Thursday 08:00
    clock.set(_at(2026, 11, 26, 10, 30))  # back 2.5 h after it was due
    eht.bryggan.dispatcher.run_once()
    (missed,) = [r for k, r in eht.rows().items() if ":day_before:" in k and "2026-11-27" in k]
    assert missed.status == DeliveryStatus.MISSED
    assert not eht.channel("EHT-möte fredag 27 november")


def test_materialising_again_or_from_a_second_replica_adds_nothing(
    eht: Eht, bryggan: Bryggan, settings: Settings, clock: FakeClock
) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15 varannan vecka")
    before = set(eht.rows())
    replica = build(settings, clock=clock, run_migrations=False)
    try:
        assert bryggan.services.meetings.reminders.materialise() == 0
        assert replica.services.meetings.reminders.materialise() == 0
    finally:
        replica.close()
    assert set(eht.rows()) == before
    assert {k.split(":")[2][:10] for k in before if ":day_before:" in k} == {"2026-12-08"}


def test_the_calendar_file_is_valid_icalendar_with_cancellations_moves_and_breaks(
    eht: Eht, workspace: Workspace
) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15 Rum B12")
    eht.eht(PEOPLE.rektor, "ställ in 1/12")
    eht.eht(PEOPLE.rektor, "flytta 8/12 14:00")
    assert (
        eht.driver.command(
            user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/eht", text="kalender"
        ).status
        == 200
    )
    (file,) = workspace.wait_for(lambda ws: [f for f in ws.files if f.completed] or None)
    assert file.name == "eht-berzeliusskolan.ics"
    assert CHANNELS.berzelius in file.channels
    calendar = icalendar.Calendar.from_ical(file.content)
    events = calendar.walk("VEVENT")
    master = next(e for e in events if "RRULE" in e)
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert str(master["LOCATION"]) == "Rum B12"
    assert master.decoded("DTSTART") == _at(2026, 11, 24, 13, 15)
    excluded = {d.dt.date() for exdate in _list(master["EXDATE"]) for d in exdate.dts}
    assert {date(2026, 12, 1), date(2026, 12, 22), date(2026, 12, 29), date(2027, 2, 23)} <= excluded
    assert date(2026, 12, 8) not in excluded
    (moved,) = [e for e in events if "RECURRENCE-ID" in e]
    assert moved.decoded("RECURRENCE-ID") == _at(2026, 12, 8, 13, 15)
    assert moved.decoded("DTSTART") == _at(2026, 12, 8, 14, 0)
    assert calendar.walk("VTIMEZONE")


def _list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def _actor() -> Actor:
    return Actor(TEAM, PEOPLE.kurator_en, False)


def test_a_new_schedule_replaces_the_series_and_keeps_the_old_one_ended_for_the_figures(
    eht: Eht, bryggan: Bryggan, clock: FakeClock
) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 08:30")
    clock.set(_at(2026, 11, 24, 10, 0))  # today's 08:30 meeting was held
    eht.replace_schedule(PEOPLE.rektor, "onsdag 10:00")
    with bryggan.sessions.begin() as session:
        rows = [
            (r.weekday, r.ended_on) for r in series_history(session, team_id=TEAM, since=date(2026, 8, 1))
        ]
    assert rows == [(1, date(2026, 11, 24)), (2, None)]
    assert not any(":2026-12-01T0830:" in key for key in eht.rows())  # the old series owes nothing more


def test_replacing_a_schedule_shows_old_and_new_keeps_what_was_not_typed_and_tells_the_channel(
    eht: Eht, bryggan: Bryggan
) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 13:15 längd 90 påminn 07:30 Rum B12")
    preview = eht.eht(PEOPLE.rektor, "schema onsdag 10:00")
    assert "*Berzeliusskolan* har redan ett EHT-schema. Ska det ersättas?" in preview.text
    assert "• Nu: varje tisdag kl. 13:15 (90 min), Rum B12; påminnelse i kanalen kl. 07:30" in preview.text
    assert "• Nytt: varje onsdag kl. 10:00 (90 min), Rum B12; påminnelse i kanalen kl. 07:30" in preview.text
    with bryggan.sessions.begin() as session:  # nothing changes before the choice
        assert [r.weekday for r in series_history(session, team_id=TEAM, since=date(2026, 8, 1))] == [1]
    kept = eht.click(PEOPLE.rektor, preview, "", "Behåll det gamla")
    assert "ingenting ändrades" in kept.text
    done = eht.replace_schedule(PEOPLE.rektor, "onsdag 10:00 varannan vecka")
    assert "Schemat är sparat. *EHT för Berzeliusskolan*: varannan onsdag kl. 10:00 (90 min), Rum B12." in (
        done.text
    )
    eht.deliver()
    (told,) = eht.channel("EHT-schemat för *Berzeliusskolan* är ändrat")
    assert "nu varannan onsdag kl. 10:00 (90 min), Rum B12" in told.text
    assert "(förut varje tisdag kl. 13:15 (90 min), Rum B12;" in told.text


def test_eht_anteckningar_opens_the_notes_modal_for_the_last_meeting_prefilled_when_written(
    eht: Eht, clock: FakeClock, driver: Driver, workspace: Workspace
) -> None:
    eht.eht(PEOPLE.rektor, "schema tisdag 08:30")
    assert "Inget EHT-möte har hållits" in eht.eht(PEOPLE.rektor, "anteckningar").text
    clock.set(_at(2026, 11, 24, 10, 0))
    assert (
        driver.command(
            user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/eht", text="anteckningar"
        ).status
        == 200
    )
    (view,) = workspace.wait_for(lambda ws: ws.views_of(PEOPLE.rektor) or None)
    assert view["title"]["text"] == "EHT-anteckningar"
    assert view["private_metadata"].endswith(".1:2026-11-24")  # signed (handlers/stamps.py)
    values = {"decisions": {"decisions": {"type": "plain_text_input", "value": "Beslut om ny rutin."}}}
    assert driver.view_submission(user=PEOPLE.rektor, values=values).body["response_action"] == "update"
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/eht", text="notes")
    again = workspace.wait_for(
        lambda ws: [v for v in ws.views_of(PEOPLE.rektor) if v["id"] != view["id"]] or None
    )
    assert again[-1]["blocks"][0]["element"]["initial_value"] == "Beslut om ny rutin."


def test_help_and_unknown_words_list_every_subcommand(eht: Eht) -> None:
    help_text = eht.eht(PEOPLE.rektor, "hjälp").text
    for word in ("schema", "nästa", "ställ in", "flytta", "punkt", "kalender", "anteckningar"):
        assert f"/eht {word}" in help_text
    unknown = eht.eht(PEOPLE.rektor, "sammanträde").text
    assert unknown.startswith('Jag känner inte igen "sammanträde".')
    unlinked = eht.eht(PEOPLE.rektor, "schema tisdag 13:15", channel=CHANNELS.personalrum).text
    assert "inte kopplad till någon skola" in unlinked
    assert eht.rows() == {}  # nothing owed for a channel without a school
