"""Reading an AIF JSON file (AIFdb's bare form or OVA3's `AIF`/`OVA`/`text` wrapper) into a
checked graph, so the mapping in argmap.io.aif can trust every id and type it meets.

Malformed input raises ImportFailed naming the file, the JSON path and what is wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.io.registry import ImportFailed
from argmap.model.json_text import json_type


@dataclass
class AifMap:
    """The parsed, checked AIF graph: nodes by id (ids as strings), edges as in/out lists."""

    path: Path
    nodes: dict[str, dict[str, Any]]
    order: list[str]
    ins: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    persons: dict[str, str] = field(default_factory=dict)  # L id -> speaker name from locutions
    unnamed: dict[str, str] = field(default_factory=dict)  # L id -> "Speaker <personID>" without participants
    starts: dict[str, str] = field(default_factory=dict)  # L id -> locution start time
    participants: dict[str, str] = field(default_factory=dict)
    speakerless: set[str] = field(default_factory=set)  # L ids listed in locutions with no person: no speaker
    html: str | None = None
    ova_xy: dict[str, tuple[float, float]] = field(default_factory=dict)

    def typed(self, ids: list[str], *types: str) -> list[str]:
        return [i for i in ids if self.nodes[i]["type"] in types]


def check_aif(path: Path, data: Any) -> AifMap:
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: $: an AIF file is a JSON object, not {json_type(data)}")
    root, prefix = data, "$"
    if isinstance(data.get("AIF"), dict):
        root, prefix = data["AIF"], "$.AIF"
    nodes_raw = root.get("nodes")
    _refuse_ova2(path, data, nodes_raw)
    if not isinstance(nodes_raw, list):
        raise ImportFailed(f"{path}: {prefix}.nodes: missing or not a list (this does not look like AIF JSON)")
    if not nodes_raw:
        raise ImportFailed(f"{path}: {prefix}.nodes: the map has no nodes")
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for i, n in enumerate(nodes_raw):
        where = f"{prefix}.nodes[{i}]"
        if not isinstance(n, dict):
            raise ImportFailed(f"{path}: {where}: must be an object, not {json_type(n)}")
        for key in ("nodeID", "type"):
            if key not in n:
                raise ImportFailed(f"{path}: {where}: missing '{key}'")
        if not isinstance(n["nodeID"], (str, int)) or isinstance(n["nodeID"], bool):
            raise ImportFailed(f"{path}: {where}.nodeID: must be a string or integer, not {json_type(n['nodeID'])}")
        if not isinstance(n["type"], str):
            raise ImportFailed(f"{path}: {where}.type: must be a string, not {json_type(n['type'])}")
        if n.get("text") is not None and not isinstance(n["text"], str):  # xAIF writes null for "no text"
            raise ImportFailed(f"{path}: {where}.text: must be a string, not {json_type(n['text'])}")
        if n["type"] in ("I", "L") and not isinstance(n.get("text"), str):
            raise ImportFailed(f"{path}: {where}: an {n['type']}-node needs a 'text' string")
        nid = str(n["nodeID"])
        if nid in nodes:
            raise ImportFailed(f"{path}: {where}.nodeID: duplicate node id '{nid}'")
        nodes[nid] = {**n, "nodeID": nid} if n.get("text") is not None else {**n, "nodeID": nid, "text": ""}
        order.append(nid)
    m = AifMap(path, nodes, order)
    edges_raw = root.get("edges") or []  # xAIF may write null for an empty list
    if not isinstance(edges_raw, list):
        raise ImportFailed(f"{path}: {prefix}.edges: must be a list, not {json_type(edges_raw)}")
    for i, e in enumerate(edges_raw):
        where = f"{prefix}.edges[{i}]"
        if not isinstance(e, dict):
            raise ImportFailed(f"{path}: {where}: must be an object, not {json_type(e)}")
        for key in ("fromID", "toID"):
            if key not in e:
                raise ImportFailed(f"{path}: {where}: missing '{key}'")
            if not isinstance(e[key], (str, int)) or isinstance(e[key], bool):
                raise ImportFailed(f"{path}: {where}.{key}: must be a node id, not {json_type(e[key])}")
            if str(e[key]) not in nodes:
                raise ImportFailed(f"{path}: {where}.{key}: '{e[key]}' is not the id of any node")
        m.outs[str(e["fromID"])].append(str(e["toID"]))
        m.ins[str(e["toID"])].append(str(e["fromID"]))
    m.participants = _participants(path, root.get("participants"), prefix)
    locs = root.get("locutions") or []
    if not isinstance(locs, list):
        raise ImportFailed(f"{path}: {prefix}.locutions: must be a list, not {json_type(locs)}")
    for i, loc in enumerate(locs):
        if not isinstance(loc, dict) or "nodeID" not in loc:
            raise ImportFailed(f"{path}: {prefix}.locutions[{i}]: must be an object with a 'nodeID'")
        nid = str(loc["nodeID"])
        person = loc.get("personID")
        if person is not None and str(person) in m.participants:
            m.persons[nid] = m.participants[str(person)]
        elif person in (None, ""):
            m.speakerless.add(nid)  # the file says nobody is named: "Words: more words" is not "Speaker: text"
        elif not m.participants:
            m.unnamed[nid] = f"Speaker {person}"  # used only when the L-node's text names no speaker
        if isinstance(loc.get("start"), str) and loc["start"]:
            m.starts[nid] = loc["start"]
        m.starts.setdefault(nid, "")
    if isinstance(data.get("text"), str) and data["text"].strip():
        m.html = data["text"]  # OVA's source text, HTML with the analysed spans highlighted
    ova = data.get("OVA")
    if isinstance(ova, dict) and isinstance(ova.get("nodes"), list):
        for n in ova["nodes"]:
            if isinstance(n, dict) and n.get("visible", True) and _is_num(n.get("x")) and _is_num(n.get("y")):
                m.ova_xy[str(n.get("nodeID"))] = (float(n["x"]), float(n["y"]))
    return m


OVA_COORDINATE_LIMIT = 1e6  # OVA draws in pixels; far beyond any real map, and safe to scale and save


def _is_num(v: Any) -> bool:
    """An OVA x or y argmap can use: a finite number of sane size. NaN, infinities (Python's json
    reads them) and numbers like 1e308 would overflow when scaled or be saved as non-standard JSON,
    so such a position is ignored and the node is placed like one OVA did not place."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and -OVA_COORDINATE_LIMIT <= v <= OVA_COORDINATE_LIMIT


def _refuse_ova2(path: Path, data: dict[str, Any], nodes: Any) -> None:
    """OVA's older save format (read by OVA3 as "OVA2"/database JSON: nodes with `id`, x and y, a
    numeric `scheme`, edges from/to objects, the text in `analysis`) is not AIF: refuse it by name
    rather than misread its nodes."""
    first = nodes[0] if isinstance(nodes, list) and nodes and isinstance(nodes[0], dict) else {}
    if "analysis" in data or ("id" in first and "nodeID" not in first):
        raise ImportFailed(
            f"{path}: $: this is OVA's older save format (nodes with 'id', the text in 'analysis'), not AIF JSON; "
            "argmap does not read it: open the file in OVA3 and save it again (File > Save), which writes AIF JSON")


def _participants(path: Path, raw: Any, prefix: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise ImportFailed(f"{path}: {prefix}.participants: must be a list, not {json_type(raw)}")
    out: dict[str, str] = {}
    for i, p in enumerate(raw):
        if not isinstance(p, dict) or "participantID" not in p:
            raise ImportFailed(f"{path}: {prefix}.participants[{i}]: must be an object with a 'participantID'")
        name = " ".join(f"{p.get('firstname') or ''} {p.get('surname') or ''}".split())
        out[str(p["participantID"])] = name or f"Participant {p['participantID']}"
    return out
