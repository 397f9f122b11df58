"""Unit tests of the typed environment helpers every setting goes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.core.env import FALSE_WORDS, TRUE_WORDS, Env, ImproperSetting


def env(**values: str) -> Env:
    return Env(source=values)


def _any_case(word: str) -> st.SearchStrategy[str]:
    """The word with each letter in upper or lower case, padded with spaces or not."""
    letters = [st.sampled_from(sorted({c.lower(), c.upper()})) for c in word]
    padding = st.sampled_from(["", " ", "  ", "\t"])
    return st.tuples(padding, st.tuples(*letters), padding).map(
        lambda parts: parts[0] + "".join(parts[1]) + parts[2]
    )


@given(st.sampled_from(sorted(TRUE_WORDS)).flatmap(_any_case), st.booleans())
def test_it_reads_every_spelling_of_true(word, default):
    assert env(FLAG=word).bool("FLAG", default=default) is True


@given(st.sampled_from(sorted(FALSE_WORDS)).flatmap(_any_case), st.booleans())
def test_it_reads_every_spelling_of_false(word, default):
    assert env(FLAG=word).bool("FLAG", default=default) is False


@given(
    st.text(min_size=1).filter(
        lambda text: text.strip() and text.strip().lower() not in TRUE_WORDS | FALSE_WORDS
    )
)
def test_it_refuses_any_other_word_for_a_bool(word):
    with pytest.raises(ImproperSetting, match=r"^FLAG must be one of true/false"):
        env(FLAG=word).bool("FLAG", default=False)


@pytest.mark.parametrize("default", [True, False])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_it_uses_the_bool_default_when_unset_or_blank(value, default):
    source = {} if value is None else {"FLAG": value}
    assert Env(source=source).bool("FLAG", default=default) is default


@given(st.integers(), st.sampled_from(["", " ", "\t"]))
def test_it_reads_any_whole_number(number, padding):
    assert env(COUNT=f"{padding}{number}{padding}").int("COUNT", 7) == number


@given(
    st.text(min_size=1).filter(lambda text: text.strip() and not _is_int(text)),
)
def test_it_refuses_anything_that_is_not_a_whole_number(text):
    with pytest.raises(ImproperSetting, match=r"^COUNT must be a whole number"):
        env(COUNT=text).int("COUNT", 7)


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


@given(st.integers(min_value=-1000, max_value=1000))
def test_it_keeps_a_number_between_its_bounds(number):
    reader = env(COUNT=str(number))
    if 5 <= number <= 720:
        assert reader.int("COUNT", 30, minimum=5, maximum=720) == number
    else:
        with pytest.raises(ImproperSetting, match=r"^COUNT must be at (least 5|most 720)"):
            reader.int("COUNT", 30, minimum=5, maximum=720)


def test_it_names_the_variable_and_the_value_when_a_number_is_wrong():
    with pytest.raises(ImproperSetting) as raised:
        env(SCRUTINEER_SESSION_IDLE_MINUTES="abc").int("SCRUTINEER_SESSION_IDLE_MINUTES", 30)
    assert str(raised.value) == "SCRUTINEER_SESSION_IDLE_MINUTES must be a whole number, not 'abc'"


def test_it_does_not_check_the_bounds_of_the_default():
    """The default is the code's own choice; only what an operator typed is checked."""
    assert env().int("COUNT", 0, minimum=5) == 0


def test_it_returns_a_string_stripped_or_its_default():
    assert env(NAME="  Northbridge ").str("NAME") == "Northbridge"
    assert env(NAME=" ").str("NAME", "fallback") == "fallback"
    assert env().str("NAME") is None


def test_it_refuses_a_required_value_that_is_missing_and_says_why():
    with pytest.raises(ImproperSetting, match=r"^SECRET must be set: it signs the sessions$"):
        env(SECRET="  ").required("SECRET", "it signs the sessions")
    assert env(SECRET="s3cret").required("SECRET", "why") == "s3cret"


def test_it_accepts_only_the_listed_choices():
    assert env(BACKEND="smtp").choice("BACKEND", "console", ("console", "smtp")) == "smtp"
    assert env().choice("BACKEND", "console", ("console", "smtp")) == "console"
    with pytest.raises(ImproperSetting, match=r"^BACKEND must be one of console, smtp, not 'SMTP'"):
        env(BACKEND="SMTP").choice("BACKEND", "console", ("console", "smtp"))


def test_it_splits_a_list_on_commas_and_drops_blanks():
    assert env(HOSTS=" a.example , b.example,,").list("HOSTS", []) == ["a.example", "b.example"]


def test_it_gives_a_copy_of_the_list_default():
    default = ["localhost"]
    result = env().list("HOSTS", default)
    result.append("changed")
    assert default == ["localhost"]


def test_it_remembers_every_variable_it_was_asked_for_set_or_not():
    reader = env(SET="1")
    reader.bool("SET", default=False)
    reader.str("UNSET")
    reader.int("NUMBER", 3)
    assert reader.asked == {"SET", "UNSET", "NUMBER"}
