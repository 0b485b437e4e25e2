"""Matching a new reading of a transcript to the turns already published (pure, no database)."""

from meetings.turn_matching import TurnText, match_turns

PUTIN = "putin"
ALIYEV = "aliyev"

OLD = [
    TurnText(PUTIN, "Mr Aliyev, I am very happy to see you here in Samarkand today."),
    TurnText(ALIYEV, "Thank you, Mr Putin. Trade between our countries grew by a third."),
    TurnText(PUTIN, "The situation on the border remains tense, as far as I understand."),
    TurnText(ALIYEV, "The ceasefire has been observed for two days. The commission works."),
    TurnText(PUTIN, "Thank you very much."),
]


def test_the_same_transcript_matches_turn_for_turn():
    assert match_turns(OLD, OLD) == [0, 1, 2, 3, 4]


def test_an_inserted_turn_is_new_and_the_others_keep_their_numbers():
    new = OLD[:2] + [TurnText("question", "What about the grain deal?")] + OLD[2:]
    assert match_turns(OLD, new) == [0, 1, None, 2, 3, 4]


def test_a_removed_turn_leaves_a_gap():
    assert match_turns(OLD, OLD[:1] + OLD[2:]) == [0, 2, 3, 4]


def test_a_lightly_edited_turn_keeps_its_number():
    edited = TurnText(PUTIN, "The situation on the border remains very tense, as far as I know.")
    new = OLD[:2] + [edited] + OLD[3:]
    assert match_turns(OLD, new) == [0, 1, 2, 3, 4]


def test_a_rewritten_turn_is_a_new_statement():
    rewritten = TurnText(PUTIN, "Let us now turn to energy prices and the pipeline project.")
    new = OLD[:2] + [rewritten] + OLD[3:]
    assert match_turns(OLD, new) == [0, 1, None, 3, 4]


def test_a_split_turn_keeps_its_number_on_the_part_that_matches_best():
    first = TurnText(ALIYEV, "The ceasefire has been observed for two days.")
    second = TurnText(ALIYEV, "The commission works.")
    new = OLD[:3] + [first, second] + OLD[4:]
    assert match_turns(OLD, new) == [0, 1, 2, 3, None, 4]


def test_an_even_split_still_keeps_the_number():
    text = OLD[1].text
    halves = [TurnText(ALIYEV, "Thank you, Mr Putin."), TurnText(ALIYEV, text[21:])]
    new = OLD[:1] + halves + OLD[2:]
    matched = match_turns(OLD, new)
    assert matched[1:3] in ([1, None], [None, 1])
    assert matched[:1] + matched[3:] == [0, 2, 3, 4]


def test_two_merged_turns_keep_the_number_of_the_larger():
    merged = TurnText(PUTIN, OLD[2].text + " " + OLD[4].text)
    old = OLD[:3] + [OLD[4]]  # Putin speaks twice in a row
    new = OLD[:2] + [merged]
    assert match_turns(old, new) == [0, 1, 2]


def test_a_corrected_speaker_keeps_the_number_when_the_words_are_the_same():
    corrected = TurnText(ALIYEV, OLD[2].text)
    new = OLD[:2] + [corrected] + OLD[3:]
    assert match_turns(OLD, new) == [0, 1, 2, 3, 4]


def test_a_different_speaker_with_similar_words_is_not_the_same_statement():
    other = TurnText(ALIYEV, "The situation on the border is tense, as far as I understand it.")
    new = OLD[:2] + [other] + OLD[3:]
    assert match_turns(OLD, new) == [0, 1, None, 3, 4]


def test_matches_keep_their_order():
    new = [OLD[4], OLD[0], OLD[1], OLD[2], OLD[3]]
    matched = match_turns(OLD, new)
    numbers = [m for m in matched if m is not None]
    assert numbers == sorted(numbers)
    assert matched[1:] == [0, 1, 2, 3]


def test_a_long_meeting_rewritten_throughout_still_matches_its_edited_turns():
    old = [
        TurnText(PUTIN if n % 2 else ALIYEV, f"Statement {n} about topic {n * 7}.")
        for n in range(600)
    ]
    new = [TurnText(t.speaker, t.text.replace("about", "concerning")) for t in old]
    matched = match_turns(old, new)
    assert sum(m == n for n, m in enumerate(matched)) >= 590


def test_a_statement_rewritten_in_place_keeps_its_number_when_much_of_it_remains():
    rewritten = TurnText(PUTIN, "The situation on the border is calmer now, I understand.")
    new = OLD[:2] + [rewritten] + OLD[3:]
    assert match_turns(OLD, new) == [0, 1, 2, 3, 4]
