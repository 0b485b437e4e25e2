"""The one slug helper: the first free of `base`, `base-2`, `base-3`, … within the length."""

from meetings.text import unique_slug


def test_a_free_base_is_kept_as_it_is():
    assert unique_slug("talks-in-samarkand", taken={"other"}) == "talks-in-samarkand"


def test_a_taken_base_gets_the_first_free_number():
    taken = {"talks", "talks-2", "talks-3"}
    assert unique_slug("talks", taken) == "talks-4"


def test_a_numbered_slug_fits_the_length_by_cutting_the_base():
    base = "a" * 200
    assert unique_slug(base, taken=set()) == base
    numbered = unique_slug(base, taken={base})
    assert numbered == "a" * 190 + "-2"
    assert len(numbered) <= 200
