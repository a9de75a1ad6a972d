"""Fonts for printing: the Noto family for the group's language, and whether it is installed."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
from dataclasses import dataclass, replace

from markupsafe import Markup

from sitegen.core.cache import remembered

LATIN = "Noto Sans"  # phone numbers and web addresses, in every language
LATIN_PACKAGE = "fonts-noto-core"


@dataclass(frozen=True)
class Script:
    """How one writing system is printed: its font, where Debian gets it, its line spacing."""

    family: str
    package: str
    line_height: float = 1.3
    tight: float = 1.12  # the line height of headings
    size: float = 1.0  # a first guess at the print size; Nastaliq's tall lines need smaller
    # Fonts without Latin letters (Arabic script) come after Noto Sans, so that an English
    # address or the digits of a date are not half in one font and half in another.
    latin_first: bool = False


_CJK = "fonts-noto-cjk"
_CORE = "fonts-noto-core"
_LATIN_SCRIPT = Script(LATIN, _CORE)
# Nastaliq hangs far above and below the line: its own line height is 2.5.
_NASTALIQ = Script("Noto Nastaliq Urdu", _CORE, line_height=2.2, tight=1.9, size=0.85,
                   latin_first=True)
_ARABIC = Script("Noto Naskh Arabic", _CORE, line_height=1.7, tight=1.45, latin_first=True)
_HEBREW = Script("Noto Sans Hebrew", _CORE, latin_first=True)


def _indic(family: str) -> Script:
    """Brahmic scripts need room for vowel signs above and below the letters."""
    return Script(family, _CORE, line_height=1.55, tight=1.35)


# Languages by primary subtag; Latin, Cyrillic and Greek ones (en, pl, ro, ru ...) use Noto Sans.
SCRIPTS = {
    "zh": Script("Noto Sans CJK SC", _CJK, line_height=1.45, tight=1.25),
    "ja": Script("Noto Sans CJK JP", _CJK, line_height=1.45, tight=1.25),
    "ko": Script("Noto Sans CJK KR", _CJK, line_height=1.45, tight=1.25),
    "ur": _NASTALIQ,
    "ar": _ARABIC, "fa": _ARABIC, "ps": _ARABIC, "ckb": _ARABIC, "sd": _ARABIC, "ug": _ARABIC,
    "he": _HEBREW, "yi": _HEBREW,
    "bn": _indic("Noto Sans Bengali"),
    "as": _indic("Noto Sans Bengali"),
    "pa": _indic("Noto Sans Gurmukhi"),
    "hi": _indic("Noto Sans Devanagari"),
    "mr": _indic("Noto Sans Devanagari"),
    "ne": _indic("Noto Sans Devanagari"),
    "gu": _indic("Noto Sans Gujarati"),
    "ta": _indic("Noto Sans Tamil"),
    "te": _indic("Noto Sans Telugu"),
    "kn": _indic("Noto Sans Kannada"),
    "ml": _indic("Noto Sans Malayalam"),
    "si": _indic("Noto Sans Sinhala"),
    "th": _indic("Noto Sans Thai"),
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
        """The script's font and Noto Sans, for Latin letters and digits."""
        script, latin = self.script.family, LATIN
        return tuple(dict.fromkeys((latin, script) if self.script.latin_first else (script, latin)))

    @property
    def css(self) -> Markup:
        """A CSS font-family list (safe to put inside <style>)."""
        return Markup(", ".join(f'"{name}"' for name in self.families) + ", sans-serif")

    @property
    def latin_css(self) -> Markup:
        """The font-family list for phone numbers and web addresses."""
        return Markup(f'"{LATIN}", {self.css}')

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
        script = replace(script, family=family)
    if "arab" in subtags[1:] and primary != "ur":  # Punjabi in Shahmukhi, Kashmiri ...
        script = _NASTALIQ if primary in ("pa", "ks") else _ARABIC
    return FontChoice(language, script)


@functools.lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[str, ...]] | None:
    """Map each installed font family to its files; None without fontconfig.

    fontconfig's fc-list is asked once, then again only when a font folder changes
    (the user cache keeps its answer under font_folders_stamp()): it costs a program
    run on every build otherwise.
    """
    if not shutil.which("fc-list"):
        return None
    try:
        listing = remembered("fonts", ("fc-list", font_folders_stamp()), _fc_list)
    except (OSError, subprocess.SubprocessError):  # not kept: asked again next time
        return None
    fonts: dict[str, set[str]] = {}
    for line in listing.decode("utf-8", "surrogateescape").splitlines():
        families, _, path = line.partition("\t")
        for family in families.split(","):
            fonts.setdefault(family.strip(), set()).add(path)
    return {family: tuple(sorted(paths)) for family, paths in fonts.items()}


def _fc_list() -> bytes:
    """Every font's families and file, a line each."""
    return subprocess.run(["fc-list", "--format", "%{family}\t%{file}\n"],
                          capture_output=True, check=True, timeout=60).stdout


# Where fontconfig looks for fonts by default on Linux, macOS and Windows.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
                "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts")


def font_folders_stamp() -> str:
    """Every font folder's name and time: a font added, removed or replaced changes one.

    fontconfig trusts its own cache the same way, by the folders' times, so this
    is as sure as asking it (fc-list) at a fraction of the cost.
    """
    stamps = []
    for top in map(os.path.expanduser, FONT_FOLDERS):
        for folder, _, _ in sorted(os.walk(top)):
            with contextlib.suppress(OSError):
                stamps.append(f"{folder} {os.stat(folder).st_mtime_ns}")
    return "\n".join(stamps)
