"""`bryggan teams-manifest`: the Teams app package (manifest, Swedish localization, icons) as a zip.

An administrator uploads the zip in the Teams admin center, or sideloads it, to install Bryggan's bot
(README "Microsoft Teams", "Install in Teams"). Built from settings alone: no Teams call, no SDK.
The manifest's default language is en-US (Teams reads it when no localization matches); sv-SE.json
carries the Swedish words that Swedish clients show. The icons are drawn here with zlib and struct,
so the package needs no imaging library.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from urllib.parse import urlsplit

from templates import Lang, Templates

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.Localization.schema.json"
)
MANIFEST_VERSION = "1.17"
DEFAULT_LANGUAGE = "en-US"
SWEDISH = "sv-SE"
# Used when BRYGGAN_PUBLIC_URL is unset: Teams requires https URLs for the developer's pages.
PLACEHOLDER_URL = "https://example.com"
ACCENT = (0x1F, 0x5F, 0x8B)  # the color icon's background: a calm blue

# Teams' limits (manifest schema v1.17) that the package is checked against before it is written.
LIMITS = {"name.short": 30, "name.full": 100, "description.short": 80, "description.full": 4000}
COMMAND_TITLE, COMMAND_DESCRIPTION, COMMANDS_PER_LIST = 32, 128, 10


@dataclass(frozen=True)
class Command:
    title: str
    description: str


@dataclass(frozen=True)
class Words:
    """What a Teams user reads about the app, in one language."""

    full_name: str
    short_description: str
    full_description: str
    commands: tuple[Command, ...]


# Each package language and the templates' language its words are read in.
LANGS: dict[str, Lang] = {SWEDISH: "sv", DEFAULT_LANGUAGE: "en"}


def words(language: str) -> Words:
    """The package's words in `language` (templates/*/teams_manifest.j2). Its commands are the ones
    Teams runs (handlers/teams/commands.py's WORKING), which a test checks."""
    module = Templates().module(LANGS[language], "teams_manifest")
    return Words(
        full_name=module.full_name,
        short_description=module.short_description,
        full_description=module.full_description,
        commands=tuple(Command(title, description) for title, description in module.commands),
    )


class ManifestError(ValueError):
    """The package would break one of Teams' limits: nothing is written."""


def build_package(app_id: str, public_url: str | None, name: str = "Bryggan") -> bytes:
    """The zip Teams accepts: manifest.json, sv-SE.json, color.png and outline.png at its root."""
    manifest, swedish = manifest_files(app_id, public_url, name)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(f"{SWEDISH}.json", json.dumps(swedish, ensure_ascii=False, indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def manifest_files(app_id: str, public_url: str | None, name: str) -> tuple[dict, dict]:
    """The manifest (default language) and the Swedish localization, checked against Teams' limits."""
    english, swedish = words(DEFAULT_LANGUAGE), words(SWEDISH)
    base = (public_url or PLACEHOLDER_URL).rstrip("/")
    host = urlsplit(public_url).hostname if public_url else None
    manifest = {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": _version(),
        "id": app_id,
        "developer": {
            "name": name,
            "websiteUrl": base,
            "privacyUrl": f"{base}/privacy",
            "termsOfUseUrl": f"{base}/terms",
        },
        "name": {"short": name, "full": english.full_name},
        "description": {"short": english.short_description, "full": english.full_description},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "localizationInfo": {
            "defaultLanguageTag": DEFAULT_LANGUAGE,
            "additionalLanguages": [{"languageTag": SWEDISH, "file": f"{SWEDISH}.json"}],
        },
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": ["personal", "team", "groupChat"],
                        "commands": [
                            {"title": c.title, "description": c.description} for c in english.commands
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host] if host else [],
    }
    localization = {
        "$schema": LOCALIZATION_SCHEMA,
        "name.short": name,
        "name.full": swedish.full_name,
        "description.short": swedish.short_description,
        "description.full": swedish.full_description,
    }
    for i, command in enumerate(swedish.commands):
        localization[f"bots[0].commandLists[0].commands[{i}].title"] = command.title
        localization[f"bots[0].commandLists[0].commands[{i}].description"] = command.description
    _check(manifest, localization)
    return manifest, localization


def _check(manifest: dict, localization: dict) -> None:
    texts = {
        "name.short": manifest["name"]["short"],
        "name.full": manifest["name"]["full"],
        "description.short": manifest["description"]["short"],
        "description.full": manifest["description"]["full"],
    }
    for key, limit in LIMITS.items():
        for text in (texts[key], localization[key]):
            if not text.strip() or len(text) > limit:
                raise ManifestError(f"{key} must be 1–{limit} characters: {text!r}")
    for commands in manifest["bots"][0]["commandLists"]:
        if len(commands["commands"]) > COMMANDS_PER_LIST:
            raise ManifestError(f"at most {COMMANDS_PER_LIST} commands in a list")
    commands = manifest["bots"][0]["commandLists"][0]["commands"]
    default = [(f"commands[{i}].{field}", c[field]) for i, c in enumerate(commands) for field in c]
    for key, text in [*default, *((k, v) for k, v in localization.items() if ".commands[" in k)]:
        limit = COMMAND_TITLE if key.endswith(".title") else COMMAND_DESCRIPTION
        if not text.strip() or len(text) > limit:
            raise ManifestError(f"{key} must be 1–{limit} characters: {text!r}")


def _version() -> str:
    try:
        return version("bryggan")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


def color_icon() -> bytes:
    """192×192: a white bridge on the accent color, full bleed (Teams rounds the corners)."""
    return _png(192, lambda x, y: (255, 255, 255, 255) if _bridge(x, y, 192) else (*ACCENT, 255))


def outline_icon() -> bytes:
    """32×32: the same bridge, white on transparent, as Teams requires of the outline icon."""
    return _png(32, lambda x, y: (255, 255, 255, 255) if _bridge(x, y, 32) else (255, 255, 255, 0))


def _bridge(x: int, y: int, size: int) -> bool:
    """A deck with an arch beneath it, in a square of `size` pixels."""
    u, v = (x + 0.5) / size, (y + 0.5) / size  # 0..1, y downwards
    deck = 0.40 <= v <= 0.48 and 0.12 <= u <= 0.88
    r = ((u - 0.5) ** 2 + ((v - 0.78) * 1.2) ** 2) ** 0.5
    arch = 0.26 <= r <= 0.34 and v <= 0.78 and 0.12 <= u <= 0.88
    return deck or arch


def _png(size: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    """An RGBA PNG of `size`×`size`, each pixel from pixel(x, y)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
