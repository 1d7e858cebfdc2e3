"""Charts as Teams pictures: the attachment's shape, each fitted into one message, checked as Teams would."""

from __future__ import annotations

import base64

import pytest

from bot.followup.charts import ChartWords, render_charts
from handlers.messages import text
from handlers.teams.followup import CHART_ROWS
from handlers.teams.pictures import PNG_BUDGET, Picture, Pictured, fitted, following
from localteams.errors import ConnectorError
from localteams.messages import MAX_MESSAGE_BYTES, check_activity
from templates import Templates
from tests.unit.test_followup_charts import REPORT, report, school

# Sixty schools with long names: Slack's 30-row charts of them are 140–170 KB.
MANY = report(
    tuple(
        school(
            i,
            f"Skolan med ett ganska långt namn {i}",
            total=i % 9,
            planned=8,
            held=i % 8,
            days=90,
            covered=60,
        )
        for i in range(60)
    ),
    {"2026-09": {"franvaro": 7, "vald": 6}, "2026-10": {"psykisk_ohalsa": 5}},
)


def _message(picture: Picture) -> dict[str, object]:
    """The activity listeners.py posts for a picture, with an envelope as large as the SDK's."""
    return {
        "type": "message",
        "text": picture.caption,
        "attachments": [picture.attachment()],
        "from": {"id": "28:" + "0" * 36, "name": "Bryggan"},
        "recipient": {"id": "29:" + "x" * 120, "name": "Rita Rektor", "aadObjectId": "0" * 36},
        "conversation": {"id": "a:" + "y" * 160, "conversationType": "personal", "tenantId": "0" * 36},
        "replyToId": "1" * 13,
        "serviceUrl": "https://smba.trafficmanager.net/emea/" + "z" * 36 + "/",
        "channelId": "msteams",
    }


def test_a_picture_is_an_image_png_attachment_with_its_bytes_in_a_base64_data_url() -> None:
    picture = Picture("chart.png", "Diagram", b"\x89PNG\r\n\x1a\n" + bytes(10))
    attachment = picture.attachment()
    assert attachment["contentType"] == "image/png"
    assert attachment["name"] == "chart.png"
    prefix, _, data = attachment["contentUrl"].partition(",")
    assert prefix == "data:image/png;base64"
    assert base64.b64decode(data) == picture.png
    check_activity(_message(picture))  # Teams would show it


def test_only_a_pictured_reply_has_pictures_to_follow() -> None:
    picture = Picture("a.png", "A", b"\x89PNG")
    reply = text("hej")
    assert following(reply) == ()
    assert following(Pictured(reply.text, reply.blocks, pictures=(picture,))) == (picture,)


def test_a_small_chart_is_sent_as_drawn() -> None:
    [months, *_] = render_charts(REPORT, ChartWords.default_sv())
    assert len(months.png) > 20_000  # Matplotlib's RGBA PNG
    assert fitted(months.png, budget=len(months.png)) == months.png


def test_every_chart_of_sixty_schools_fits_one_teams_message_at_the_teams_row_limit() -> None:
    for chart in render_charts(MANY, ChartWords.default_sv(), max_rows=CHART_ROWS):
        png = fitted(chart.png)
        assert png is not None, chart.name
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(png) <= PNG_BUDGET < len(chart.png)
        message = _message(Picture(chart.name, chart.title, png))
        check_activity(message)
        assert len(str(message).encode()) < MAX_MESSAGE_BYTES


def test_a_chart_that_fits_at_no_size_is_left_out_and_one_sent_whole_would_be_refused() -> None:
    [*_, coverage] = render_charts(MANY, ChartWords.default_sv())  # Slack's 30 rows
    assert fitted(coverage.png, budget=2_000) is None
    with pytest.raises(ConnectorError) as refused:
        check_activity(_message(Picture(coverage.name, coverage.title, coverage.png)))
    assert refused.value.status == 413


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "sv",
            "3 diagram följer i egna meddelanden. 1 diagram fick inte plats i ett meddelande i Teams "
            "och skickas inte.",
        ),
        (
            "en",
            "3 charts follow in messages of their own. "
            "1 chart did not fit in a Teams message and is not sent.",
        ),
    ],
)
def test_the_card_says_which_charts_follow(lang: str, said: str) -> None:
    words = Templates().module(lang, "teams")  # type: ignore[arg-type]
    assert str(words.followup_note(3, 1)).strip() == said
    assert str(words.followup_note(0, 0)).strip() == ""
