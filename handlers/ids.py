"""Every slash command, action_id and callback_id Bryggan registers; manifest.yml must list the commands.

An action_id ending in `_open` opens a modal: Teams' cards make it a dialog button (handlers/teams/cards.py).
"""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    KONTAKT = "/kontakt"
    KONSULTATION = "/konsultation"
    EHT = "/eht"
    UPPFOLJNING = "/uppföljning"
    # ASCII names: the English aliases, and a way in should a workspace refuse "ö" in a command
    CONSULT = "/consult"
    FOLLOWUP = "/followup"


class Action(StrEnum):
    LINK_PICK = "kontakt_link_pick"
    LINK_CREATE = "kontakt_link_create"
    LINK_MOVE = "kontakt_link_move"
    HANDOVER_CONFIRM = "kontakt_handover_confirm"
    CANCEL = "kontakt_cancel"
    LIST_PAGE = "kontakt_list_page"
    HANDOVER_NOTE_OPEN = "kontakt_handover_note_open"
    PROFILE_OPEN = "kontakt_profile_open"  # Teams: the profile form, from the answer to `kontakt profil`
    CONSULTATION_OPEN = "konsultation_open"  # Teams: the form, from the answer to `konsultation`
    CONSULTATION_ACK = "konsultation_ack"
    CONSULTATION_REPLY_OPEN = "konsultation_reply_open"
    CONSULTATION_CLOSE_OPEN = "konsultation_close_open"
    CONSULTATION_CALL_OPEN = "konsultation_call_open"
    CONSULTATION_PURGE = "konsultation_purge"
    CONSULTATION_FORWARD_OPEN = "konsultation_forward_open"
    CONSULTATION_WITHDRAW = "konsultation_withdraw"
    CONSULTATION_ADD_OPEN = "konsultation_add_open"
    CONSULTATION_CALL_ACCEPT = "konsultation_call_accept"
    CONSULTATION_SNOOZE = "konsultation_snooze"
    CONSULTATION_CALL_DECLINE = "konsultation_call_decline"
    EHT_ITEM_OPEN = "eht_item_open"
    EHT_NOTES_OPEN = "eht_notes_open"
    EHT_SCHEDULE_CONFIRM = "eht_schedule_confirm"
    FOLLOWUP_PAGE = "uppfoljning_page"
    SETTINGS_OPEN = "installningar_open"


class View(StrEnum):
    PROFILE = "kontakt_profile"
    HANDOVER_NOTE = "kontakt_handover_note"
    CONSULTATION = "konsultation"
    CONSULTATION_REPLY = "konsultation_reply"
    CONSULTATION_CLOSE = "konsultation_close"
    CONSULTATION_CALL = "konsultation_call"
    CONSULTATION_FORWARD = "konsultation_forward"
    CONSULTATION_ADD = "konsultation_add"
    EHT_ITEM = "eht_item"
    EHT_NOTES = "eht_notes"
    SETTINGS = "installningar"


class Field(StrEnum):
    """block_id == action_id of modal inputs."""

    TITLE = "title"
    PHONE = "phone"
    REACHABLE = "reachable"
    NOTE = "note"
    GRADE = "grade"
    AREAS = "areas"
    DESCRIPTION = "description"
    REACH = "reach"
    REPLY = "reply"
    OUTCOME = "outcome"
    DAY = "day"
    TIME = "time"
    FORWARD_TO = "forward_to"
    FORWARD_FALLBACK = "forward_fallback"
    ADDITION = "addition"
    ITEM = "item"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    FOLLOW_UP = "follow_up"
