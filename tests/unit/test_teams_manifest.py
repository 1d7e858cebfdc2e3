"""`bryggan teams-manifest`: the zip Teams accepts for sideloading, opened and checked whole."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bot import teams_manifest
from bot.cli import main
from bot.teams_manifest import ManifestError, manifest_files
from handlers.teams.commands import COMMANDS, WORKING

APP_ID = "0c5a1e2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d"


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and each pixel's RGBA of a PNG written by teams_manifest (no filter, RGBA)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert (depth, kind) == (8, 6)
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    pixels = [
        raw[r * stride + 1 + 4 * c : r * stride + 5 + 4 * c] for r in range(height) for c in range(width)
    ]
    return width, height, pixels


def test_the_package_holds_a_manifest_teams_accepts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("BRYGGAN_PUBLIC_URL", "https://bryggan.kommun.se")
    out = tmp_path / "app.zip"

    assert main(["teams-manifest", "--out", str(out), "--name", "Bryggan Ort"]) == 0

    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png", "sv-SE.json"]
        manifest = json.loads(archive.read("manifest.json"))
        swedish = json.loads(archive.read("sv-SE.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    assert manifest["$schema"].endswith("/teams/v1.17/MicrosoftTeams.schema.json")
    assert manifest["manifestVersion"] == "1.17"
    assert manifest["id"] == APP_ID
    assert manifest["version"].count(".") == 2
    assert manifest["developer"] == {
        "name": "Bryggan Ort",
        "websiteUrl": "https://bryggan.kommun.se",
        "privacyUrl": "https://bryggan.kommun.se/privacy",
        "termsOfUseUrl": "https://bryggan.kommun.se/terms",
    }
    assert manifest["name"]["short"] == "Bryggan Ort"
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "en-US",
        "additionalLanguages": [{"languageTag": "sv-SE", "file": "sv-SE.json"}],
    }
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["validDomains"] == ["bryggan.kommun.se"]
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False
    [commands] = bot["commandLists"]
    titles = ["contact", "consultation", "eht", "followup", "home", "help"]
    assert [c["title"] for c in commands["commands"]] == titles
    assert swedish["$schema"].endswith("/teams/v1.17/MicrosoftTeams.Localization.schema.json")
    swedish_titles = [swedish[f"bots[0].commandLists[0].commands[{i}].title"] for i in range(6)]
    assert swedish_titles == ["kontakt", "konsultation", "eht", "uppföljning", "hem", "hjälp"]
    assert "socialtjänst" in swedish["description.short"]
    # Teams' limits, in both languages.
    assert len(manifest["name"]["short"]) <= 30
    assert len(swedish["name.short"]) <= 30
    for text in (manifest["description"]["short"], swedish["description.short"]):
        assert 0 < len(text) <= 80
    for text in (manifest["description"]["full"], swedish["description.full"]):
        assert 0 < len(text) <= 4000
    assert len(commands["commands"]) <= 10
    for command in commands["commands"]:
        assert len(command["title"]) <= 32
        assert len(command["description"]) <= 128
    for key, text in swedish.items():
        if ".commands[" in key:
            assert len(text) <= (32 if key.endswith(".title") else 128)
    # Icons: 192×192 in color, opaque; 32×32 outline, white on transparent only.
    width, height, pixels = _pixels(color)
    assert (width, height) == (192, 192)
    assert all(p[3] == 255 for p in pixels)
    width, height, pixels = _pixels(outline)
    assert (width, height) == (32, 32)
    assert {bytes(p) for p in pixels} == {b"\xff\xff\xff\xff", b"\xff\xff\xff\x00"}


def test_every_command_in_the_manifest_is_one_teams_answers() -> None:
    for language in teams_manifest.LANGS:
        for command in teams_manifest.words(language).commands:
            assert command.title in COMMANDS
            assert COMMANDS[command.title] in WORKING  # the others answer "not yet"


def test_without_an_app_id_it_refuses_in_swedish_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "app.zip"

    assert main(["teams-manifest", "--out", str(out)]) == 2

    assert "TEAMS_APP_ID är inte satt" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_name_longer_than_teams_allows_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"name\.short"):
        manifest_files(APP_ID, None, "B" * 31)
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert main(["teams-manifest", "--out", str(tmp_path / "app.zip"), "--name", "B" * 31]) == 2
    assert not (tmp_path / "app.zip").exists()


def test_without_a_public_url_the_pages_are_placeholders_and_no_domain_is_listed() -> None:
    manifest, _ = manifest_files(APP_ID, None, "Bryggan")
    assert manifest["developer"]["websiteUrl"].startswith("https://")
    assert manifest["validDomains"] == []
