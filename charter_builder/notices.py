"""THIRD_PARTY_NOTICES.txt, generated from what is installed rather than typed by hand.

A hand-kept list goes stale the day a dependency adds one of its own; this walks
charter-builder's runtime requirements in the installed distributions and copies the
licence files each one ships, then the bundled fonts' licences (read from the fonts
themselves) and the interpreter's. It lives in the package, not in a build script, so
that the build (`make notices`, `python -m charter_builder.notices OUT`) and the About
box in a virtual environment run the same code. The frozen application cannot walk
distributions it was not given, so it carries the file the build wrote.

No Qt here: this is core, and the build runs it without a screen.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import re
import sys
import sysconfig
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement

from charter_builder import __version__
from charter_builder.paths import resources_dir

NOTICES_NAME = "THIRD_PARTY_NOTICES.txt"
ROOT_DISTRIBUTION = "charter-builder"
FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
#: The names licence files go by, in a wheel's .dist-info or beside the fonts.
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|OFL|AUTHORS)", re.IGNORECASE)
#: PySide6 and shiboken6 ship no licence text; Qt's LGPL v3 builds on the GPL v3.
QT_DISTRIBUTIONS = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"}
RULE = "=" * 78


class NoticesError(Exception):
    """Something bundled has no licence we can name: the build must stop."""


@dataclass
class Package:
    name: str
    version: str
    licence: str
    urls: list[str]
    licence_files: list[tuple[str, str]] = field(default_factory=list)  # (name, text)


@dataclass
class FontFamily:
    family: str
    version: str
    copyright: str
    files: list[str]
    licence_file: Path


def canonical(name: str) -> str:
    """PEP 503's normal form, so "PySide6_Essentials" and "pyside6-essentials" are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = ROOT_DISTRIBUTION) -> list[metadata.Distribution]:
    """Every installed distribution `root` needs at run time, however deep, root excluded.

    Extras of `root` (test, bench) are skipped; extras a dependency asks of another
    (fonttools[woff]) are followed, because those are installed and shipped too.
    """
    found: dict[str, tuple[metadata.Distribution, set[str]]] = {}
    queue: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while queue:
        name, extras = queue.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            if canonical(name) == canonical(root):
                raise NoticesError(f"{root} is not installed here") from None
            continue  # a requirement for another platform (its marker said so) or optional
        key = canonical(dist.metadata["Name"])
        if key in found:
            new = set(extras) - found[key][1]
            if not new:
                continue
            found[key][1].update(new)
        else:
            found[key] = (dist, set(extras))
        environments = [{"extra": extra} for extra in sorted(extras | {""})]
        for line in dist.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and not any(marker.evaluate(env) for env in environments):
                continue
            queue.append((requirement.name, frozenset(requirement.extras)))
    found.pop(canonical(root), None)
    return sorted((d for d, _ in found.values()), key=lambda d: canonical(d.metadata["Name"]))


def describe(dist: metadata.Distribution) -> Package:
    meta = dist.metadata
    return Package(
        name=meta["Name"],
        version=meta["Version"],
        licence=licence_of(dist),
        urls=_urls(dist),
        licence_files=_licence_files(dist),
    )


def licence_of(dist: metadata.Distribution) -> str:
    """The licence as the distribution declares it: SPDX expression, field or classifier."""
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 100:
        return declared
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    if declared:
        return declared.splitlines()[0].strip()
    return "not stated in its metadata: see the licence files below"


def _urls(dist: metadata.Distribution) -> list[str]:
    meta = dist.metadata
    urls = []
    if meta.get("Home-page"):
        urls.append(meta["Home-page"])
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "source code", "code",
                                     "repository"} and url.strip() not in urls:
            urls.append(url.strip())
    return urls


def _licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files in the distribution's .dist-info: licenses/ or LICENSE*, COPYING*."""
    texts = []
    for entry in dist.files or []:
        parts = entry.parts
        info = next((i for i, p in enumerate(parts) if p.endswith(".dist-info")), None)
        if info is None:
            continue
        inside = parts[info + 1 :]
        if not inside or not (inside[0] == "licenses" or LICENCE_FILE.match(inside[-1])):
            continue
        try:
            text = entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text is not None and text.strip():
            texts.append(("/".join(inside), text))
    return texts


def bundled_fonts(folder: Path | None = None) -> list[FontFamily]:
    """Each font family in resources/fonts, read from the fonts' own name tables.

    Every font file needs a licence file beside it (or in a folder above, up to
    resources/fonts): a font added without one stops the build here.
    """
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    folder = folder or resources_dir() / "fonts"
    families: dict[tuple[str, str, str, Path], list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        names = TTFont(path, lazy=True)["name"]
        family = names.getDebugName(16) or names.getDebugName(1) or path.stem
        version = (names.getDebugName(5) or "").split(";")[0].removeprefix("Version ").strip()
        holder = names.getDebugName(0) or ""
        licence = _licence_beside(path, folder)
        key = (family, version, holder, licence)
        families.setdefault(key, []).append(str(path.relative_to(folder)))
    return [
        FontFamily(family, version, holder, sorted(files, key=_natural), licence)
        for (family, version, holder, licence), files in families.items()
    ]


def _licence_beside(font: Path, top: Path) -> Path:
    for folder in [font.parent, *font.parent.parents]:
        candidates = sorted(
            p for p in folder.iterdir() if p.is_file() and LICENCE_FILE.match(p.name)
        )
        if candidates:
            return candidates[0]
        if folder == top:
            break
    raise NoticesError(f"The font {font.name} has no licence file beside it")


def _natural(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def render_notices(distributions: Sequence[metadata.Distribution] | None = None) -> str:
    """The whole notices file."""
    packages = [describe(d) for d in (distributions or runtime_distributions())]
    fonts = bundled_fonts()
    qt = next((p for p in packages if canonical(p.name) == "pyside6"), None)
    out: list[str] = []
    title = f"Third-party notices for Charter Builder {__version__}"
    out += [title, "=" * len(title), ""]
    out += _wrap(
        "Charter Builder is built on the free and open-source software listed here. "
        "This file was generated from the software installed when this copy was built "
        "(python -m charter_builder.notices), not typed by hand: each entry gives the "
        "version included, its licence as it declares it, and the licence files it ships."
    )
    out.append("")
    out += _qt_section(qt)
    out += ["Contents", "--------", ""]
    python = f"Python {sys.version.split()[0]}"
    out.append(f"  {python:<40} PSF-2.0")
    for package in packages:
        out.append(f"  {package.name + ' ' + package.version:<40} {package.licence}")
    for font in fonts:
        out.append(f"  {font.family + ' ' + font.version + ' (font)':<40} "
                   f"{_font_licence_name(font.licence_file)}")
    dictionary = DICTIONARY_LICENCE if (resources_dir() / DICTIONARY_LICENCE).is_file() else None
    if dictionary:
        out.append(f"  {DICTIONARY_NAME:<40} MIT AND BSD (SCOWL and others)")
    out.append("")

    shown: dict[str, str] = {}  # licence text's digest → where it was printed first
    out += _python_section(python, shown)
    for package in packages:
        out += _package_section(package, shown)
    for font in fonts:
        out += _font_section(font, shown)
    if dictionary:
        out += [RULE, DICTIONARY_NAME, "Licence: MIT AND BSD (SCOWL and others)", ""]
        text = (resources_dir() / dictionary).read_text(encoding="utf-8")
        out += _licence_text(dictionary, text, shown)
    out += _appendix(shown)
    return "\n".join(out).rstrip() + "\n"


def _qt_section(qt: Package | None) -> list[str]:
    version = qt.version if qt else "6"
    lines = ["Qt and PySide6 (GNU LGPL version 3)", "-----------------------------------", ""]
    lines += _wrap(
        f"Charter Builder's window is drawn with Qt {version} (The Qt Company Ltd and other "
        f"contributors) through PySide6 {version} and shiboken6 (Qt for Python). Both are used "
        "under the GNU Lesser General Public License version 3, whose text, and that of the "
        "GNU General Public License version 3 it builds on, are at the end of this file. "
        "They are included unchanged as separate shared libraries, which you may replace "
        "with versions you build yourself. Their source code is available from "
        "https://download.qt.io/official_releases/qt/ (Qt) and "
        "https://download.qt.io/official_releases/QtForPython/ (PySide6 and shiboken6), "
        "and from https://code.qt.io/. Qt itself contains third-party components; their "
        "notices are listed at https://doc.qt.io/qt-6/licenses-used-in-qt.html."
    )
    return [*lines, ""]


def _python_section(python: str, shown: dict[str, str]) -> list[str]:
    lines = [RULE, python, "Licence: PSF-2.0 (Python Software Foundation License)",
             "Home page: https://www.python.org/", ""]
    licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    if licence.is_file():
        text = licence.read_text(encoding="utf-8", errors="replace")
        lines += _licence_text(f"{python}: LICENSE.txt", text, shown)
    else:
        lines += ["The licence is at https://docs.python.org/3/license.html", ""]
    return lines


def _package_section(package: Package, shown: dict[str, str]) -> list[str]:
    lines = [RULE, f"{package.name} {package.version}", f"Licence: {package.licence}"]
    lines += [f"Home page: {url}" for url in package.urls[:2]]
    lines.append("")
    if canonical(package.name) in QT_DISTRIBUTIONS and not package.licence_files:
        lines += ["Used under the GNU LGPL version 3: see the section on Qt and PySide6 above",
                  "and the licence texts at the end of this file.", ""]
    elif not package.licence_files:
        lines += ["This distribution ships no licence file; its licence is as declared above.",
                  ""]
    for name, text in package.licence_files:
        lines += _licence_text(f"{package.name}: {name}", text, shown)
    return lines


#: The bundled en-GB Hunspell dictionary (npm dictionary-en-gb 3.0.0, from SCOWL's en_GB-ise).
DICTIONARY_NAME = "en-GB Hunspell dictionary 2020.12.07 (spelling)"
DICTIONARY_LICENCE = "dictionaries/LICENCE-en_GB.txt"


def _font_section(font: FontFamily, shown: dict[str, str]) -> list[str]:
    lines = [RULE, f"{font.family} {font.version} (font)",
             f"Licence: {_font_licence_name(font.licence_file)}"]
    if font.copyright:
        lines.append(f"Copyright: {font.copyright}")
    lines += _wrap("Files: " + ", ".join(font.files))
    lines.append("")
    text = font.licence_file.read_text(encoding="utf-8")
    where = font.licence_file.relative_to(resources_dir()).as_posix()
    return lines + _licence_text(where, text, shown)


def _licence_text(where: str, text: str, shown: dict[str, str]) -> list[str]:
    """The text the first time it appears; after that, where it appeared."""
    digest = hashlib.sha256(text.strip().encode()).hexdigest()
    if shown.get(digest) == where:
        return [f"Licence text: {where}, above.", ""]
    if digest in shown:
        return [f"{where}: the same text as {shown[digest]}, above.", ""]
    shown[digest] = where
    return [f"--- {where} ---", "", text.rstrip(), ""]


def _font_licence_name(path: Path) -> str:
    head = path.read_text(encoding="utf-8")[:2000]
    if "SIL OPEN FONT LICENSE" in head.upper():
        match = re.search(r"Version\s+(\d+(?:\.\d+)*)", head)
        return f"OFL-{match.group(1)}" if match else "SIL Open Font License"
    return path.name


def _appendix(shown: dict[str, str]) -> list[str]:
    lines = []
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        text = (resources_dir() / "licences" / name).read_text(encoding="utf-8")
        lines += [RULE, *_licence_text(f"licences/{name}", text, shown)]
    return lines


def _wrap(text: str, width: int = 78) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def write_notices(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_notices(), encoding="utf-8")
    return path


def shipped_notices(places: Iterable[Path] | None = None) -> Path | None:
    """The notices file the build put beside the frozen application, if there is one."""
    if places is None:
        places = []
        if getattr(sys, "frozen", False):
            bundle = getattr(sys, "_MEIPASS", None)
            places = [Path(p) for p in (bundle, Path(sys.executable).parent) if p]
    for place in places:
        candidate = Path(place) / NOTICES_NAME
        if candidate.is_file():
            return candidate
    return None


def notices_text() -> str:
    """What the About box shows: the shipped file, or (in a virtual environment) made now."""
    shipped = shipped_notices()
    if shipped is not None:
        return shipped.read_text(encoding="utf-8")
    try:
        return render_notices()
    except (NoticesError, OSError) as error:
        return (
            "The third-party notices could not be found in this copy of Charter Builder "
            f"({error}). They are published with each release of Charter Builder."
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else Path("build") / NOTICES_NAME
    try:
        written = write_notices(target)
    except NoticesError as error:
        print(f"Could not write the third-party notices: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
