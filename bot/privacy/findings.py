"""What the privacy guard reports: the kind of identifying data and where it is."""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of identifying data the guard finds."""

    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    RESERVNUMMER = "reservnummer"
    PERSON_NAME = "person_name"
    PHONE = "phone"
    EMAIL = "email"
    STREET_ADDRESS = "street_address"
    BIRTH_DATE = "birth_date"
    LICENSE_PLATE = "license_plate"
    SOCIAL_MEDIA = "social_media"
    IDENTIFYING_DESCRIPTION = "identifying_description"


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of identifying data: its kind and character span. Never holds the text itself."""

    kind: Kind
    start: int
    end: int
