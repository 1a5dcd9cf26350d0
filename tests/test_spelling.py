"""British spelling in the core: the bundled en-GB dictionary, NHS words, the charter's names."""

from __future__ import annotations

import os
import threading

from draft_fixtures import rich_draft

from charter_builder.charter import spelling
from charter_builder.charter.spelling import SpellChecker, charter_names, spelling_problems
from charter_builder.drafts.starters import load_starter


def words(checker: SpellChecker, text: str) -> list[str]:
    return [word for _start, _length, word in checker.misspelt(text)]


def test_british_spellings_pass_and_american_ones_are_flagged():
    checker = SpellChecker()
    assert words(checker, "The organisation's colour programme, centre and behaviour.") == []
    assert words(checker, "The color of the organization's center") == [
        "color", "organization's", "center",
    ]


def test_nhs_and_local_government_words_are_never_flagged():
    checker = SpellChecker()
    text = "The ICB, ICS, VCSE sector, Healthwatch, PCNs, the ICP, LA and GP wellbeing gemba."
    assert words(checker, text) == []


def test_misspelling_has_suggestions():
    checker = SpellChecker()
    assert words(checker, "We will recieve it") == ["recieve"]
    assert "receive" in checker.suggestions("recieve")


def test_the_charters_own_names_are_not_flagged():
    checker = SpellChecker()
    draft = rich_draft()
    draft.charter.partners[0].representative.name = "Siobhán Ngozi-Okafor"
    text = "Siobhán Ngozi-Okafor of Wyvern speaks for Café Connect."
    assert "Wyvern" in words(checker, text)
    checker.set_names(charter_names(draft.charter))
    assert words(checker, text) == []


def test_added_words_are_kept_in_the_word_list_and_ignored_ones_are_not(tmp_path):
    word_list = tmp_path / "data" / "dictionary.txt"
    checker = SpellChecker(word_list)
    checker.add_to_dictionary("Pathfinderish")
    checker.ignore("Wyvernshire")
    assert words(checker, "Pathfinderish Wyvernshire") == []
    again = SpellChecker(word_list)
    assert words(again, "Pathfinderish Wyvernshire") == ["Wyvernshire"]


def test_a_misspelling_at_the_end_of_a_five_thousand_word_box_is_found_where_it_is():
    # How quickly is measured by `make bench` (the spelling group), not by a timed test.
    checker = SpellChecker()
    paragraph = " ".join(["Partners will work together to improve wellbeing for residents"] * 500)
    assert list(checker.misspelt(paragraph)) == []
    text = paragraph + " recieve"
    assert list(checker.misspelt(text)) == [(len(paragraph) + 1, 7, "recieve")]


def test_a_misspelt_title_is_listed_though_titles_are_never_names():
    from charter_builder.charter.spelling import spelling_problems

    draft = rich_draft()
    draft.charter.commitments[0].title = "Neighbourhood teems in every place"
    draft.charter.principles[0].title = "Do the work once for Wyvern Vale"
    checker = SpellChecker()
    checker.set_names(charter_names(draft.charter))
    found = [(p.location, p.message) for p in spelling_problems(draft.charter, checker)]
    assert (("commitments", 0, "title"), "Check the spelling of “teems”.") not in found  # a word
    draft.charter.commitments[0].title = "Neighbourhood teams in evry place"
    checker.set_names(charter_names(draft.charter))
    found = [(p.location, p.message) for p in spelling_problems(draft.charter, checker)]
    assert (("commitments", 0, "title"), "Check the spelling of “evry”.") in found
    assert not any("Wyvern" in message for _location, message in found)


def test_towns_named_where_people_live_are_names_but_a_misspelling_opening_a_sentence_is_not():
    checker = SpellChecker()
    draft = rich_draft()
    draft.charter.partnership.population = (
        "Arround 9,000 people live in market towns such as Pellbury and Nether Scarrow."
    )
    checker.set_names(charter_names(draft.charter))
    assert words(checker, "We start in Pellbury and Nether Scarrow.") == []
    problems = spelling_problems(draft.charter, checker)
    assert [p.message for p in problems if p.location[-1] == "population"] == [
        "Check the spelling of “Arround”."
    ]


def test_the_worked_example_has_no_spelling_to_check():
    draft = load_starter("example")
    checker = SpellChecker()
    checker.set_names(charter_names(draft.charter))
    assert spelling_problems(draft.charter, checker) == []


def test_a_pipe_or_a_device_in_place_of_the_word_list_is_not_read(tmp_path):
    # Opening a pipe would wait for a writer for ever, and /dev/zero never ends.
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    device = tmp_path / "device.txt"
    device.symlink_to("/dev/zero")
    for word_list in (pipe, device):
        checker = SpellChecker(word_list)
        assert words(checker, "Pathfinderish") == ["Pathfinderish"]


def test_the_dictionary_is_loaded_once_however_many_threads_ask(monkeypatch):
    # The window loads it on a worker thread; the first prose box may ask at the same time.
    monkeypatch.setattr(spelling, "_loaded", {})
    found: list[object] = []

    def load() -> None:
        found.append(spelling._dictionary(spelling.dictionary_stem()))

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 3 and found[0] is found[1] is found[2]
    assert words(SpellChecker(), "recieve") == ["recieve"]
