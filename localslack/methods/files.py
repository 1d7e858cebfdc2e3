"""files.* methods: the two-step external upload (get URL, POST bytes, complete)."""

from __future__ import annotations

import itertools
from typing import Any

from localslack.methods.chat import thread_ts, writable
from localslack.models import Message, UploadedFile, Via
from localslack.webapi import ApiError, Call, invalid_arguments, method

_IDS = itertools.count(1)
MAX_FILE_BYTES = 1024**3


@method("files.getUploadURLExternal", "files:write")
def get_upload_url(call: Call) -> dict[str, Any]:
    """Reserve a file id and the URL to POST its bytes to."""
    filename = call.str_arg("filename", required=True) or ""
    length = call.int_arg("length", -1, low=1, high=MAX_FILE_BYTES)
    if length < 0:
        raise invalid_arguments(["[ERROR] missing required field: length"])
    file_id = f"F{next(_IDS):08d}"
    call.ws.add_file(UploadedFile(id=file_id, name=filename, length=length))
    return {"ok": True, "upload_url": f"{call.base_url()}/upload/{file_id}", "file_id": file_id}


@method("files.completeUploadExternal", "files:write")
def complete_upload(call: Call) -> dict[str, Any]:
    """Finish uploads and share them (with an optional comment) in one channel."""
    entries = call.json_arg("files")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise invalid_arguments(["[ERROR] must provide an array of objects [json-pointer:/files]"])
    channel_ids = [c for c in (call.str_arg("channels") or "").split(",") if c]
    if call.str_arg("channel_id"):
        channel_ids.insert(0, call.str_arg("channel_id") or "")
    channels = [call.channel(c) for c in channel_ids]
    for channel in channels:
        writable(call, channel)
    uploaded = [_uploaded(call, entry) for entry in entries]
    comment = call.str_arg("initial_comment")
    with call.ws.cond:
        for f, entry in zip(uploaded, entries, strict=True):
            f.title = str(entry.get("title") or f.name)
            f.channels = [c.id for c in channels]
            f.initial_comment = comment
            f.completed = True
        call.ws.changed()
    for channel in channels:
        call.ws.store(_share(call, channel.id, comment, tuple(f.id for f in uploaded)))
    return {"ok": True, "files": [_file_api(f) for f in uploaded]}


def _uploaded(call: Call, entry: dict[str, Any]) -> UploadedFile:
    found = call.ws.file(str(entry.get("id", "")))
    if found is None or found.content is None or found.completed:
        raise ApiError("file_not_found")
    return found


def _share(call: Call, channel_id: str, comment: str | None, file_ids: tuple[str, ...]) -> Message:
    return Message(
        team_id=call.ws.team_id,
        channel=channel_id,
        ts=call.ws.next_ts(),
        text=comment or "",
        user=call.ws.bot_user_id,
        bot_id=call.ws.bot_id,
        thread_ts=thread_ts(call),
        via=Via.FILES,
        files=file_ids,
    )


def _file_api(f: UploadedFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "title": f.title,
        "size": len(f.content or b""),
        "channels": f.channels,
        "mimetype": "text/calendar" if f.name.endswith(".ics") else "application/octet-stream",
    }
