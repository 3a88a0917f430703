"""Dung semantics on the textbook frameworks, and against brute force on random small ones."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.framework import IN, OUT, UNDEC, Framework, grounded, preferred


def af(args: str, attacks: str) -> Framework:
    """af("abc", "ab bc") : arguments a, b, c; a attacks b, b attacks c."""
    return Framework(list(args), [(p[0], p[1]) for p in attacks.split()])


def labels(f: Framework) -> dict[str, str]:
    return grounded(f).as_dict()


def prefs(f: Framework) -> set[frozenset[str]]:
    return set(preferred(f).extensions)


def test_unattacked_argument_is_in() -> None:
    assert labels(af("a", "")) == {"a": IN}


def test_reinstatement_in_a_chain() -> None:
    # c is attacked by b, but b is defeated by the unattacked a: c is reinstated
    assert labels(af("abc", "ab bc")) == {"a": IN, "b": OUT, "c": IN}
    assert prefs(af("abc", "ab bc")) == {frozenset("ac")}


def test_even_cycle_is_undecided_but_has_two_preferred_extensions() -> None:
    f = af("ab", "ab ba")
    assert labels(f) == {"a": UNDEC, "b": UNDEC}
    assert prefs(f) == {frozenset("a"), frozenset("b")}
    p = preferred(f)
    assert p.credulous == {"a", "b"} and p.sceptical == set() and p.count == 2


def test_odd_cycle_has_only_the_empty_preferred_extension() -> None:
    f = af("abc", "ab bc ca")
    assert set(labels(f).values()) == {UNDEC}
    assert prefs(f) == {frozenset()}


def test_self_attack() -> None:
    f = af("ab", "aa ab")
    assert labels(f) == {"a": UNDEC, "b": UNDEC}
    assert prefs(f) == {frozenset()}  # b cannot be defended against a, which only a itself attacks


def test_self_attacker_beaten_by_even_cycle_member() -> None:
    # a <-> b, b attacks itself: b can never be accepted, so a is sceptically accepted under preferred
    f = af("ab", "ab ba bb")
    assert labels(f) == {"a": UNDEC, "b": UNDEC}
    p = preferred(f)
    assert p.extensions == [frozenset("a")]
    assert p.label("a") == IN and p.label("b") == OUT


def test_floating_reinstatement() -> None:
    # the "Nixon diamond" with a common target: a <-> b both attack c, which attacks d.
    # Grounded decides nothing; every preferred extension contains d and rejects c.
    f = af("abcd", "ab ba ac bc cd")
    assert set(labels(f).values()) == {UNDEC}
    p = preferred(f)
    assert set(p.extensions) == {frozenset("ad"), frozenset("bd")}
    assert p.sceptical == {"d"} and p.rejected == {"c"} and p.credulous == {"a", "b", "d"}


def test_four_cycle_two_extensions() -> None:
    assert prefs(af("abcd", "ab bc cd da")) == {frozenset("ac"), frozenset("bd")}


def test_odd_cycle_feeding_a_chain_leaves_it_undecided() -> None:
    f = af("abcde", "ab bc ca cd de")
    assert labels(f)["d"] == UNDEC and labels(f)["e"] == UNDEC
    assert prefs(f) == {frozenset()}


def test_dungs_example_with_an_unattacked_defender() -> None:
    # Dung 1995, example: a attacks b, b attacks c, d attacks a; grounded {d, b}
    f = af("abcd", "ab bc da")
    assert grounded(f).extension() == {"d", "b"}


def test_independent_cycles_multiply_and_are_listed() -> None:
    f = af("abcdef", "ab ba cd dc ef fe")
    p = preferred(f)
    assert p.count == 8 and len(p.extensions) == 8
    assert frozenset("ace") in p.extensions


def test_duplicate_attacks_count_once() -> None:
    f = Framework(["a", "b", "c"], [("a", "b"), ("a", "b"), ("b", "c")])
    assert labels(f) == {"a": IN, "b": OUT, "c": IN}


def test_unknown_argument_in_an_attack_is_refused() -> None:
    try:
        Framework(["a"], [("a", "z")])
    except ValueError as exc:
        assert "'z'" in str(exc)
    else:
        raise AssertionError("an attack on an unknown argument was accepted")


def test_budget_gives_up_instead_of_hanging() -> None:
    n = 24  # a tournament-like tangle with many preferred extensions
    args = [f"x{i}" for i in range(n)]
    attacks = [(args[i], args[j]) for i in range(n) for j in range(n) if i != j and (i + j) % 3 == 0]
    p = preferred(Framework(args, attacks), steps=10)
    assert p.too_large and "too many" in p.reason and not p.extensions


def test_a_long_chain_alternates() -> None:
    n = 5001
    f = Framework([str(i) for i in range(n)], [(str(i), str(i + 1)) for i in range(n - 1)])
    lab = grounded(f)
    assert lab.label("0") == IN and lab.label("1") == OUT and lab.label("5000") == IN
    assert lab.round[5000] == 5000  # decided one step after its attacker


# -- against the definitions, on random small frameworks --------------------------------------


def _brute(f: Framework) -> tuple[set[str], set[frozenset[str]]]:
    args = f.ids
    att = set(f.attacks())

    def conflict_free(s: frozenset[str]) -> bool:
        return not any((a, b) in att for a in s for b in s)

    def defends(s: frozenset[str], x: str) -> bool:
        return all(any((d, y) in att for d in s) for y in args if (y, x) in att)

    ext: frozenset[str] = frozenset()
    while True:  # least fixed point of the characteristic function
        nxt = frozenset(x for x in args if defends(ext, x))
        if nxt == ext:
            break
        ext = nxt
    admissible = [frozenset(c) for k in range(len(args) + 1) for c in combinations(args, k)
                  if conflict_free(frozenset(c)) and all(defends(frozenset(c), x) for x in c)]
    maximal = {s for s in admissible if not any(s < t for t in admissible)}
    return set(ext), maximal


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    n = draw(st.integers(1, 7))
    args = [chr(ord("a") + i) for i in range(n)]
    pairs = [(a, b) for a in args for b in args]
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=14))
    return Framework(args, attacks)


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_grounded_and_preferred_match_the_definitions(f: Framework) -> None:
    g_ext, pref = _brute(f)
    g = grounded(f)
    assert g.extension() == g_ext
    attacked = {b for a, b in f.attacks() if a in g_ext}
    assert {x for x in f.ids if g.label(x) == OUT} == attacked
    p = preferred(f)
    assert set(p.extensions) == pref and p.count == len(pref)
    assert p.sceptical == set.intersection(*(set(e) for e in pref))
    assert p.credulous == set().union(*pref)
