"""Every known error maps to its own entry, whatever the order of the table: the most specific class wins."""

from __future__ import annotations

from typing import Any

from kawal import errors


def test_each_listed_class_gets_its_own_entry_in_any_table_order() -> None:
    table: list[Any] = list(errors._TABLE)
    pairs = [(sub, base) for sub, *_ in table for base, *_ in table if sub is not base and issubclass(sub, base)]
    assert pairs, "the table lists subclasses with their bases: the case this test is about"
    for order in (table, list(reversed(table))):  # bases first: a first-match lookup would answer with the base
        by_class = errors.index(order)
        for cls, code, status, kind in table:
            assert errors.classify_type(cls, by_class) == (code, status, kind), cls.__name__


def test_an_unlisted_subclass_takes_its_nearest_listed_base_and_a_class_is_listed_once() -> None:
    import pytest

    from audit.checkpoints import SigningKeyError

    class Narrower(SigningKeyError):
        pass

    assert errors.classify(Narrower("x"))[2] == "signing_key_error"
    with pytest.raises(ValueError, match="twice"):
        errors.index([(KeyError, 1, 400, "a"), (KeyError, 1, 400, "b")])
