"""Fonts for printing: the right Noto family for the group's language, and whether it is installed."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from markupsafe import Markup

LATIN = "Noto Sans"  # phone numbers and web addresses, in every language
LATIN_PACKAGE = "fonts-noto-core"


@dataclass(frozen=True)
class Script:
    """How one writing system is printed: its font, where Debian gets it, its line spacing."""

    family: str
    package: str
    line_height: float = 1.3
    size: float = 1.0  # Nastaliq looks small at the same point size


_CJK = "fonts-noto-cjk"
_CORE = "fonts-noto-core"
_LATIN_SCRIPT = Script(LATIN, _CORE)
_NASTALIQ = Script("Noto Nastaliq Urdu", _CORE, line_height=2.0, size=1.1)
_ARABIC = Script("Noto Naskh Arabic", _CORE, line_height=1.7)
_INDIC_LINE = 1.55  # room for vowel signs above and below
# Languages by primary subtag; Latin, Cyrillic and Greek ones (en, pl, ro, ru ...) use Noto Sans.
SCRIPTS = {
    "zh": Script("Noto Sans CJK SC", _CJK, line_height=1.45),
    "ja": Script("Noto Sans CJK JP", _CJK, line_height=1.45),
    "ko": Script("Noto Sans CJK KR", _CJK, line_height=1.45),
    "ur": _NASTALIQ,
    "ar": _ARABIC, "fa": _ARABIC, "ps": _ARABIC, "ckb": _ARABIC, "sd": _ARABIC, "ug": _ARABIC,
    "he": Script("Noto Sans Hebrew", _CORE), "yi": Script("Noto Sans Hebrew", _CORE),
    "bn": Script("Noto Sans Bengali", _CORE, _INDIC_LINE),
    "as": Script("Noto Sans Bengali", _CORE, _INDIC_LINE),
    "pa": Script("Noto Sans Gurmukhi", _CORE, _INDIC_LINE),
    "hi": Script("Noto Sans Devanagari", _CORE, _INDIC_LINE),
    "mr": Script("Noto Sans Devanagari", _CORE, _INDIC_LINE),
    "ne": Script("Noto Sans Devanagari", _CORE, _INDIC_LINE),
    "gu": Script("Noto Sans Gujarati", _CORE, _INDIC_LINE),
    "ta": Script("Noto Sans Tamil", _CORE, _INDIC_LINE),
    "te": Script("Noto Sans Telugu", _CORE, _INDIC_LINE),
    "kn": Script("Noto Sans Kannada", _CORE, _INDIC_LINE),
    "ml": Script("Noto Sans Malayalam", _CORE, _INDIC_LINE),
    "si": Script("Noto Sans Sinhala", _CORE, _INDIC_LINE),
    "th": Script("Noto Sans Thai", _CORE, _INDIC_LINE),
    "am": Script("Noto Sans Ethiopic", _CORE), "ti": Script("Noto Sans Ethiopic", _CORE),
    "hy": Script("Noto Sans Armenian", _CORE), "ka": Script("Noto Sans Georgian", _CORE),
}
# Chinese in traditional characters, by script or region subtag.
_CHINESE = {"hant": "Noto Sans CJK TC", "tw": "Noto Sans CJK TC", "hk": "Noto Sans CJK HK",
            "mo": "Noto Sans CJK HK"}


@dataclass(frozen=True)
class FontChoice:
    """The fonts a poster in one language is printed with."""

    language: str
    script: Script

    @property
    def families(self) -> tuple[str, ...]:
        """The script's font first, then Noto Sans for Latin letters and digits."""
        return tuple(dict.fromkeys((self.script.family, LATIN)))

    @property
    def css(self) -> Markup:
        """A CSS font-family list (safe to put inside <style>)."""
        return Markup(", ".join(f'"{name}"' for name in self.families) + ", sans-serif")

    @property
    def latin_css(self) -> Markup:
        """The font-family list for phone numbers and web addresses."""
        return Markup(f'"{LATIN}", ' + self.css)

    def missing(self) -> list[Script]:
        """Fonts this choice needs that fontconfig does not have (none when it cannot tell)."""
        installed = installed_fonts()
        if installed is None:
            return []
        needed = [self.script] if self.script.family != LATIN else []
        return [script for script in needed if script.family not in installed]

    def signature(self) -> str:
        """The families and the font files behind them, so a changed font changes a hash."""
        installed = installed_fonts() or {}
        return "\n".join(f"{name}={','.join(installed.get(name, ()))}" for name in self.families)


def choose_fonts(language: str) -> FontChoice:
    """Pick the fonts for a BCP 47 language tag such as en, zh-Hans, ur or pa-Arab."""
    subtags = [part.lower() for part in language.split("-")]
    primary = subtags[0]
    script = SCRIPTS.get(primary, _LATIN_SCRIPT)
    if primary == "zh":
        family = next((_CHINESE[tag] for tag in subtags[1:] if tag in _CHINESE), script.family)
        script = Script(family, _CJK, script.line_height)
    if "arab" in subtags[1:] and primary != "ur":  # Punjabi in Shahmukhi, Kashmiri ...
        script = _NASTALIQ if primary in ("pa", "ks") else _ARABIC
    return FontChoice(language, script)


@functools.lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[str, ...]] | None:
    """Map each installed font family to its files, from fontconfig's fc-list; None without it."""
    if not shutil.which("fc-list"):
        return None
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\n"],
                                 capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts: dict[str, set[str]] = {}
    for line in listing.splitlines():
        families, _, path = line.partition("\t")
        for family in families.split(","):
            fonts.setdefault(family.strip(), set()).add(path)
    return {family: tuple(sorted(paths)) for family, paths in fonts.items()}
