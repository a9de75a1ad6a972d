"""Where a group meets, in the parts directories ask for: the country, and an address split up.

Volunteers write an address as one line ("12 Mill Lane, Nottingham NG1 1AA").
Directories want the street, the town and the postcode apart. Only UK
addresses are split, where the postcode shows where the town ends; any other
address stays whole, and the listings say it in words instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.core import get_global

from sitegen.core.i18n import babel_locale

# A UK postcode, like NG1 1AA, SW1A 2AA or M1 1AE (the space may be missing).
_UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
# The country written at the end of an address; the country field says it already.
_UK_NAMES = {"uk", "united kingdom", "gb", "great britain", "england", "scotland", "wales",
             "northern ireland"}


@dataclass(frozen=True)
class AddressParts:
    street: str  # the building and street: "12 Mill Lane"
    town: str
    postal_code: str
    country: str  # ISO 3166-1 code, like GB


def country_of(timezone: str) -> str | None:
    """The country of a time zone (ISO 3166-1 code), when the zone belongs to one."""
    territory = get_global("zone_territories").get(timezone)
    return territory if territory and territory.isalpha() and territory != "ZZ" else None


def country_name(country: str) -> str:
    """The country's English name, like United Kingdom."""
    return babel_locale("en").territories.get(country, country)


def postal_code(address: str | None, country: str | None) -> str | None:
    """The postcode in the address, written the standard way (NG1 1AA), where it can be found."""
    match = _last_postcode(address) if country == "GB" and address else None
    return f"{match[1]} {match[2]}".upper() if match else None


def address_parts(address: str | None, country: str | None) -> AddressParts | None:
    """Split a UK address into street, town and postcode; None when it cannot be done surely."""
    code = postal_code(address, country)
    if not code:
        return None
    match = _last_postcode(address)
    rest = address[:match.start()] + address[match.end():]
    parts = [part.strip() for part in rest.split(",") if part.strip(" .")]
    if parts and parts[-1].lower() in _UK_NAMES:
        parts.pop()
    if len(parts) < 2:
        return None
    return AddressParts(", ".join(parts[:-1]), parts[-1], code, country)


def _last_postcode(address: str) -> re.Match | None:
    matches = list(_UK_POSTCODE.finditer(address))
    return matches[-1] if matches else None
