"""British English spelling: the bundled en-GB Hunspell dictionary, read through spylls.

Qt-free, so the window, the review step and tests check words the same way. The
dictionary loads once per process (about half a second) and every word's answer is
cached, so a keystroke costs a dictionary lookup only for a word never seen before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from charter_builder.paths import resources_dir, user_data_folder

#: Words every NHS and local-government charter uses that a general dictionary lacks.
ALWAYS_ALLOWED: frozenset[str] = frozenset(
    {
        "NHS", "ICB", "ICBs", "ICS", "ICSs", "ICP", "ICPs", "VCSE", "VCFSE", "PCN", "PCNs",
        "GP", "GPs", "LA", "LAs", "CQC", "HWB", "Healthwatch", "gemba", "wellbeing",
        "co-production", "coproduction", "coproduce", "co-produce", "co-design",
        "codesign", "neighbourhoods", "signposting", "signpost", "Trust", "Trusts",
        "SEND", "ASC", "A&E", "UEC", "JSNA", "JFP", "KPI", "KPIs", "SRO",
        "SROs", "MoU", "MoUs", "ToR", "ToRs", "EDI", "PHM", "CVS", "BCF", "S75",
        "café", "cafés",
    }
)

#: A word as the checker sees one: letters, with inner apostrophes or hyphens.
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


_loaded: dict[str, object] = {}
_loading = threading.Lock()


def _dictionary(stem: str):  # -> spylls.hunspell.Dictionary
    # Loaded once per process, under a lock: the window starts loading it on a worker
    # thread, and the first prose box may ask for it before that has finished.
    with _loading:
        if stem not in _loaded:
            from spylls.hunspell import Dictionary

            _loaded[stem] = Dictionary.from_files(stem)
        return _loaded[stem]


def preload() -> None:
    """Load the dictionary now (a third of a second), so the first prose box need not wait."""
    _dictionary(dictionary_stem())


def dictionary_stem() -> str:
    return str(resources_dir() / "dictionaries" / "en_GB")


def _folded(word: str) -> str:
    return word.replace("’", "'")


class SpellChecker:
    """Checks words against en-GB, the always-allowed words, the user's and the charter's own.

    `user_words` is a file of one word a line (the user's "Add to dictionary"); the
    session's ignored words are kept in memory only.
    """

    def __init__(self, user_words: Path | None = None) -> None:
        self._dictionary = _dictionary(dictionary_stem())
        self._user_file = user_words
        self._user: set[str] = set(_read_words(user_words)) if user_words else set()
        self._ignored: set[str] = set()
        self._names: set[str] = set()
        self._known = lru_cache(maxsize=50_000)(self._known_to_dictionary)

    @property
    def user_file(self) -> Path | None:
        return self._user_file

    def _known_to_dictionary(self, word: str) -> bool:
        if word in ALWAYS_ALLOWED or word.upper() in ALWAYS_ALLOWED:
            return True
        try:
            if self._dictionary.lookup(word):
                return True
            # "co-ordinate", "re-engage": the word without its hyphen.
            if "-" in word and self._dictionary.lookup(word.replace("-", "", 1)):
                return True
            # Hyphenated compounds: each part a word.
            parts = word.split("-")
            return len(parts) > 1 and all(self._dictionary.lookup(p) for p in parts if p)
        except Exception:
            return True

    def is_correct(self, word: str) -> bool:
        word = _folded(word)
        if word in self._user or word in self._ignored or word in self._names:
            return True
        if word.lower() in self._user or word.lower() in self._names:
            return True
        if self._known(word):
            return True
        # A name's possessive ("Kestleford's") is as right as the name.
        base = word[:-2] if word.endswith("'s") else ""
        return bool(base) and (base in self._names or base in self._user or base in self._ignored)

    def misspelt(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, length, word) for each misspelt word in `text`."""
        for match in WORD.finditer(text):
            word = match.group()
            if not self.is_correct(word):
                yield match.start(), len(word), word

    def suggestions(self, word: str, most: int = 6) -> list[str]:
        try:
            found = []
            for suggestion in self._dictionary.suggest(_folded(word)):
                found.append(suggestion)
                if len(found) >= most:
                    break
            return found
        except Exception:
            return []

    def add_to_dictionary(self, word: str) -> None:
        """Keep `word` for good: in the user's word list in the data folder."""
        word = _folded(word)
        self._user.add(word)
        if self._user_file is None:
            return
        from charter_builder.storage.safe_write import write_bytes

        self._user_file.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(f"{w}\n" for w in sorted(self._user))
        write_bytes(self._user_file, text.encode("utf-8"))

    def ignore(self, word: str) -> None:
        """Accept `word` until the application closes."""
        self._ignored.add(_folded(word))

    def set_names(self, names: Iterable[str]) -> None:
        """The charter's own names (partners, places, people): each of their words is allowed."""
        words: set[str] = set()
        for name in names:
            for match in WORD.finditer(name or ""):
                words.add(_folded(match.group()))
                words.add(_folded(match.group()).lower())
        self._names = words

    def names_key(self) -> frozenset[str]:
        """The names now allowed, to tell whether the boxes need checking again."""
        return frozenset(self._names)


#: The user's own words ("Add to dictionary"), one a line, in the data folder.
USER_WORDS_NAME = "dictionary.txt"


def user_words_file() -> Path:
    """The user's word list as the command line finds it (the window asks Qt: the same file)."""
    return user_data_folder() / USER_WORDS_NAME


#: A word list past this is not one a person kept (a million words would be about 15 MB).
MAX_WORD_LIST_BYTES = 16 * 1024 * 1024


def _read_words(path: Path) -> list[str]:
    # Read with a limit, and only an ordinary file: a pipe or a device in its place would
    # otherwise stop the window from opening.
    from charter_builder.storage.bounded_read import read_limited

    try:
        text = read_limited(path, MAX_WORD_LIST_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


#: Keys in the charter whose text is a name: a partner, a place, a person, a role.
#: (Not titles: a principle's or a commitment's title is prose, and checked as such.)
_NAME_KEYS = ("name", "area", "place", "organisation", "role")


def charter_names(charter) -> list[str]:
    """Every name the charter holds, read from the model's name-like fields."""
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif (
            isinstance(value, str)
            and len(value) < 300
            and any(part in key for part in _NAME_KEYS)
        ):
            found.append(value)

    data = charter.model_dump(mode="json")
    walk(data)
    partnership = data.get("partnership") or {}
    for key in ("place", "population"):
        found += place_names_in(partnership.get(key) or "")
    return found


def place_names_in(text: str) -> list[str]:
    """Capitalised words inside a sentence of the place and population fields.

    Those fields say where people live, so such a word there is the name of a town, a
    neighbourhood or an area ("market towns such as Elderford"); the first word of a
    sentence is not taken, so a misspelling that opens a sentence is still found.
    """
    names = []
    for match in WORD.finditer(text):
        word = match.group()
        if not word[0].isupper():
            continue
        # The last character before the word that is not a space (looked at in place:
        # copying the text before each word made a long field's check take seconds).
        at = match.start() - 1
        while at >= 0 and text[at].isspace():
            at -= 1
        if at >= 0 and text[at] not in ".!?:;\"“(":
            names.append(word)
    return names


#: The parts of the charter whose prose is checked, in the order of the wizard.
_PROSE_SECTIONS = (
    "title", "partnership", "partners", "purpose", "principles", "commitments",
    "contributions", "governance",
)
#: Keys that hold no prose: identifiers, addresses, dates, choices, names.
_NOT_PROSE = ("id", "ids", "owners", "email", "logo", "date", "kind", "status", "method",
              "version", "horizon", "image", "name", "url", "at")


def spelling_problems(charter, checker: SpellChecker, most: int = 200) -> list:
    """Each word the checker does not know, where it is: a warning, never a bar to signing.

    One entry per word and field (a word misspelt three times in one box is listed once).
    """
    from charter_builder.charter.problem import Problem

    data = charter.model_dump(mode="json")
    found: list[Problem] = []

    def walk(value: object, location: tuple, item_id: str | None) -> None:
        if len(found) >= most:
            return
        if isinstance(value, dict):
            item_id = value.get("id") if isinstance(value.get("id"), str) else item_id
            for key, inner in value.items():
                if not any(key == bad or key.endswith("_" + bad) for bad in _NOT_PROSE):
                    walk(inner, (*location, key), item_id)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, (*location, index), item_id)
        elif isinstance(value, str) and value.strip():
            seen: set[str] = set()
            for _start, _length, word in checker.misspelt(value):
                if word not in seen and len(found) < most:
                    seen.add(word)
                    found.append(Problem(location, f"Check the spelling of “{word}”.", item_id))

    for section in _PROSE_SECTIONS:
        if section in data:
            walk(data[section], (section,), None)
    return found
