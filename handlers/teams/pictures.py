"""Pictures sent inline in Teams: each one its own message, a PNG in a base64 `data:` URL.

Teams shows an attachment of type `image/png` whose `contentUrl` is a `data:image/png;base64,…` URL
as a picture in the conversation, in personal chats, group chats and channels alike, with no upload
and no Microsoft Graph permission (Microsoft's "Send and receive inline images"). The same data URL
as an Adaptive Card `Image` is not shown by Teams' desktop and web clients (microsoft/AdaptiveCards
#4487, MicrosoftDocs/msteams-docs #5355), so pictures never go inside the card.

The whole activity must stay under Teams' ~28 KB a message, base64 and envelope included: a chart
goes alone in its message, its colours reduced to a palette (a bar chart has few), and made smaller
step by step until it fits `PNG_BUDGET`; one that never fits is left out, and the caller says so.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers.messages import Reply

if TYPE_CHECKING:
    from PIL.Image import Image as Bitmap

IMAGE_CONTENT_TYPE = "image/png"
# Teams refuses a message over 28,672 bytes of JSON; base64 makes 4 bytes of 3, and the activity's
# envelope (ids, addresses, the caption) takes under 2 KB: 19,500 PNG bytes are ~26,000 in the URL.
PNG_BUDGET = 19_500
# (width in pixels, palette colours), tried in order: the chart as drawn first, then smaller.
STEPS = ((None, 64), (None, 32), (None, 16), (960, 16), (800, 16), (640, 16))


@dataclass(frozen=True, slots=True)
class Picture:
    """A PNG to show inline, with its file name and a caption (the chart's title)."""

    name: str
    caption: str
    png: bytes

    @property
    def data_url(self) -> str:
        """The picture itself, as the attachment's `contentUrl`."""
        return f"data:{IMAGE_CONTENT_TYPE};base64,{base64.b64encode(self.png).decode()}"

    def attachment(self) -> dict[str, str]:
        """The message attachment Teams shows as a picture (as listeners.py sends it)."""
        return {"contentType": IMAGE_CONTENT_TYPE, "contentUrl": self.data_url, "name": self.name}


@dataclass(frozen=True, slots=True)
class Pictured(Reply):
    """A reply followed by pictures, each sent as a message of its own after the reply's card."""

    pictures: tuple[Picture, ...] = ()


def following(reply: Reply) -> tuple[Picture, ...]:
    """The pictures to send after `reply` (none for a plain reply)."""
    return reply.pictures if isinstance(reply, Pictured) else ()


def fitted(png: bytes, budget: int = PNG_BUDGET) -> bytes | None:
    """`png` small enough for one Teams message: as drawn if it fits, else paletted, then smaller."""
    if len(png) <= budget:
        return png
    from PIL import Image  # Matplotlib's own dependency; loaded only when a chart is too big

    with Image.open(io.BytesIO(png)) as drawn:
        rgb = drawn.convert("RGB")
    for width, colours in STEPS:
        image = rgb if width is None or width >= rgb.width else _scaled(rgb, width)
        buffer = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        if len(buffer.getvalue()) <= budget:
            return buffer.getvalue()
    return None


def _scaled(image: Bitmap, width: int) -> Bitmap:
    from PIL import Image

    return image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
