"""The backend-neutral model's constraint builder: terms are stored merged, without zeros."""

from __future__ import annotations

from maillage.solver.model.linear import LinearModel, linked
from maillage.solver.model.tags import Tag


def test_distinct_terms_are_kept_in_order() -> None:
    lm = LinearModel()
    a, b, c = (lm.new_bool(n) for n in "abc")
    lm.add([(2, c), (1, a), (-3, b)], lo=0, hi=4, tag=Tag("t"))
    (con,) = lm.constraints
    assert (con.vars, con.coefs, con.lo, con.hi, con.tag) == ([c, a, b], [2, 1, -3], 0, 4, Tag("t"))


def test_repeated_variables_are_summed_and_zeros_dropped() -> None:
    lm = LinearModel()
    a, b, c = (lm.new_bool(n) for n in "abc")
    lm.add(((k, v) for k, v in [(1, a), (2, b), (-1, a), (0, c), (3, b)]), hi=1)
    (con,) = lm.constraints
    assert dict(zip(con.vars, con.coefs, strict=True)) == {b: 5}


def test_linked_joins_variables_through_shared_links() -> None:
    root = linked(6, [[0, 2], [], [2, 4], [5]])
    assert root[0] == root[2] == root[4]
    assert len({root[0], root[1], root[3], root[5]}) == 4
