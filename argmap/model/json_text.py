"""Reading JSON strictly (a repeated key or a lone surrogate is a problem with its place, not
silently accepted), naming JSON types in messages, and pausing the cyclic collector while a
large corpus or graph is built."""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from argmap.model.corpus_format import Problem
from argmap.model.rules import LONE_SURROGATE as _SURROGATE  # after parsing, any surrogate left is a lone half


class _Repeated(dict[str, Any]):
    """A parsed JSON object in which some key occurred twice (json keeps only the last value)."""

    repeated: list[str]




def parse_json(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse annotations.json; refuse duplicate keys and lone surrogate escapes, naming each place.

    Both would be accepted by Python's json: a repeated key keeps only its last value (the first
    "claims" list would be dropped on the next save), and a "\\ud800" escape gives a string that
    can never be written as UTF-8 (every save would fail).
    """
    repeated: list[_Repeated] = []

    def pairs_hook(  # noqa: A002 - dict and len as fast local names
        pairs: list[tuple[str, Any]], dict: type[dict[str, Any]] = dict, len: Callable[[Any], int] = len
    ) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            obj = _Repeated(obj)
            seen: set[str] = set()
            obj.repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            repeated.append(obj)
        return obj

    try:
        with gc_paused():
            data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return None, [Problem(shown, where, f"invalid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(shown, "file", "invalid JSON: nested too deeply")]
    except ValueError as exc:  # e.g. an integer literal longer than Python's digit limit
        return None, [Problem(shown, "file", f"invalid JSON: {exc}")]
    problems: list[Problem] = []
    if repeated:
        marked = {id(obj) for obj in repeated}
        for where, obj in _json_places(data):
            if id(obj) in marked:
                problems.extend(Problem(shown, where, f"duplicate key {_json_key(k)}") for k in dict.fromkeys(obj.repeated))
    problems.extend(Problem(shown, where, message) for where, message in lone_surrogates(text, data))
    return data, problems


def lone_surrogates(text: str, data: Any) -> list[tuple[str, str]]:
    """(JSON path, message) of every string of parsed JSON `data` (from `text`) that holds half of a
    surrogate pair: only a \\u escape can put one there, so text without one is not walked."""
    found: list[tuple[str, str]] = []
    if "\\u" not in text or not re.search(r"\\u[dD][89a-fA-F]", text):
        return found
    for where, obj in _json_places(data):
        if isinstance(obj, str):
            half, place = _SURROGATE.search(obj), where
        elif isinstance(obj, dict):
            half, place = next(filter(None, map(_SURROGATE.search, obj)), None), f"{where} (a key)"
        else:
            continue
        if half:
            found.append((place, f'has a lone surrogate escape "\\u{ord(half.group()):04x}" (half of a UTF-16 pair, '
                                 "not a character: text holding it could never be saved)"))
    return found


def _json_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=_SURROGATE.search(key) is not None)  # a lone surrogate cannot be printed


def _json_places(data: Any) -> Iterator[tuple[str, Any]]:
    """Every value of a parsed JSON document with its JSON path ("$.claims[3].text"), depth first."""
    stack = [("$", data)]
    while stack:
        where, obj = stack.pop()
        yield where, obj
        if isinstance(obj, dict):
            stack.extend((f"{where}.{k}", v) for k, v in reversed(obj.items()))
        elif isinstance(obj, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(obj))))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that are all kept.

    Its collections are triggered by allocation counts, so building 200,000 items re-scans the
    growing heap again and again (about a third of load + graph time at 10,000 claims).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def json_type(v: Any) -> str:
    """How a JSON value is named in messages: "a string", "null", "a list"..."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(v), type(v).__name__)
