"""Privacy guard: finds identifying data in Swedish and English text and says what kind and where."""

from bot.privacy.findings import Finding, Kind
from bot.privacy.guard import IdentifyingText, require_non_identifying
from bot.privacy.jsonl import check_jsonl
from bot.privacy.scanner import scan, warm_up
from bot.privacy.tokens import word_number

__all__ = [
    "Finding",
    "IdentifyingText",
    "Kind",
    "check_jsonl",
    "require_non_identifying",
    "scan",
    "warm_up",
    "word_number",
]
