"""Made-up people and places of Mid Wales for the demo: names, addresses, dates.

Everything is drawn from a `random.Random` the caller seeds, so the demo is the same on every
machine. No name here belongs to a real member of a real co-op.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

FIRST_NAMES = (
    "Aled", "Alaw", "Anwen", "Arwel", "Bethan", "Bryn", "Carys", "Catrin", "Ceri", "Cerys",
    "Dafydd", "Delyth", "Dewi", "Dylan", "Eirian", "Elen", "Elin", "Emyr", "Eurig", "Ffion",
    "Gareth", "Geraint", "Gethin", "Glesni", "Gwen", "Gwenllian", "Gwilym", "Heledd", "Huw",
    "Iestyn", "Ifan", "Ioan", "Iwan", "Lowri", "Llinos", "Mabon", "Mair", "Mared", "Megan",
    "Meinir", "Meirion", "Morgan", "Nerys", "Nia", "Non", "Osian", "Owain", "Rhian", "Rhodri",
    "Rhys", "Sara", "Seren", "Siân", "Siôn", "Sioned", "Steffan", "Tegan", "Tomos", "Tudur",
    "Wyn", "Ynyr", "Ann", "David", "Emma", "James", "John", "Karen", "Linda", "Margaret",
    "Mark", "Michael", "Paul", "Peter", "Rachel", "Sarah", "Susan", "Helen", "Chris", "Julie",
)  # fmt: skip
SURNAMES = (
    "Jones", "Davies", "Williams", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
    "Griffiths", "Edwards", "Owen", "Price", "Lloyd", "Jenkins", "Rees", "Powell", "Morris",
    "James", "Parry", "Pugh", "Pritchard", "Bowen", "Howells", "Humphreys", "Vaughan", "Rowlands",
    "Prys", "Llŷr", "Gwynedd", "Ellis", "Meredith", "Bevan", "Watkins", "Prosser", "Gittins",
    "Breeze", "Mills", "Bennett", "Hamer", "Beavan", "Wilding", "Corfield", "Pryce", "Mytton",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A town and the streets, postcode district and Welsh name its demo members live at."""

    town: str
    town_cy: str
    postcode_district: str
    streets: tuple[str, ...]


MACHYNLLETH = Place(
    "Machynlleth",
    "Machynlleth",
    "SY20",
    ("Heol Maengwyn", "Stryd Penrallt", "Heol Pentrerhedyn", "Heol y Doll", "Stryd y Graig",
     "Heol Powys", "Ffordd Garsiwn", "Bryn Glas", "Maes Glas", "Heol Aberystwyth"),
)  # fmt: skip
RHAYADER = Place(
    "Rhayader",
    "Rhaeadr Gwy",
    "LD6",
    ("East Street", "West Street", "North Street", "South Street", "Bridge Street",
     "Church Street", "Bryn Awel", "Dark Lane", "Elan Valley Road", "Cwmdeuddwr"),
)  # fmt: skip
NEWTOWN = Place(
    "Newtown",
    "Y Drenewydd",
    "SY16",
    ("Broad Street", "High Street", "Severn Street", "Commercial Street", "Park Street",
     "Llanfair Road", "Vastre Road", "Heol Treowen", "Pool Road", "Ffordd Kerry"),
)  # fmt: skip


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def ascii_slug(text: str) -> str:
    """'Siân Llŷr' → 'sian.llyr' (for made-up email addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return ".".join(part for part in plain.lower().replace("'", "").split() if part)


def email_for(name: str, number: int) -> str:
    return f"{ascii_slug(name)}.{number}@example.org"


def address(rng: random.Random, place: Place) -> tuple[str, str]:
    """(postal address without postcode, postcode)."""
    street = rng.choice(place.streets)
    letters = "ABDEFGHJLNPQRSTUWXY"
    postcode = (
        f"{place.postcode_district} {rng.randint(7, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )
    return f"{rng.randint(1, 120)} {street}\n{place.town}", postcode


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day from `start` to `end` inclusive (`start` if the range is empty)."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def birth_date(rng: random.Random, entered_on: dt.date, *, youngest: int = 18) -> dt.date:
    """A date of birth making the person `youngest` to 90 on the day they entered."""
    age = rng.randint(youngest, 90)
    return entered_on - dt.timedelta(days=age * 366 + rng.randint(0, 300))
