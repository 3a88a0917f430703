"""Agreement between the independent d3 annotation and the seed map's d3: spans, links, attributions, voice, via.

Usage, from the repository root:
    python docs/agreement/compare_d3.py [ANNOTATIONS_JSON]
(default: seeds/annotations.json; the figures in docs/ANNOTATION_AGREEMENT.md "before resolution" come from
`git show 24c3f17:seeds/annotations.json`). The method is described in docs/ANNOTATION_AGREEMENT.md.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINE = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[1] / "seeds" / "annotations.json"
mine = json.loads(MINE.read_text(encoding="utf-8"))
theirs = json.loads((HERE / "independent_d3.json").read_text(encoding="utf-8"))
DOC = "d3"
ACTOR_MAP = {"a-d3-author": "a-author-d3", "a-ukr-intel": "a-ua-intel"}  # their id -> ours; others same


def ev_list(r):
    e = r.get("evidence") or []
    return [e] if isinstance(e, dict) else e


# units: (claim id, start, end)
mu = [(c["id"], m["start"], m["end"]) for c in mine["claims"] for m in c["mentions"] if m["doc"] == DOC]
tu = [(c["id"], c["start"], c["end"]) for c in theirs["claims"]]


def ov(a, b):
    return max(0, min(a[2], b[2]) - max(a[1], b[1]))


def match(th):
    pairs = sorted(((ov(a, b), i, j) for i, a in enumerate(tu) for j, b in enumerate(mu)), reverse=True)
    ti, mj, out = set(), set(), []
    for o, i, j in pairs:
        if o <= 0 or i in ti or j in mj:
            continue
        a, b = tu[i], mu[j]
        la, lb = a[2] - a[1], b[2] - b[1]
        ok = (o >= th * la and o >= th * lb) if th > 0 else True
        if ok:
            ti.add(i)
            mj.add(j)
            out.append((a, b, o))
    return out


def f1(pairs):
    p = len(pairs) / len(mu)
    r = len(pairs) / len(tu)
    return p, r, (2 * p * r / (p + r) if p + r else 0)


report = {}
for name, th in (("strict (>=50% of both spans)", 0.5), ("any overlap", 0.0)):
    pairs = match(th)
    report[name] = (len(pairs), f1(pairs))
    p, r, f = f1(pairs)
    print(f"span match {name}: {len(pairs)} pairs; ours {len(mu)} spans, theirs {len(tu)}; P={p:.2f} R={r:.2f} F1={f:.2f}")
pairs = match(0.5)
print("\nmatched one-to-one (strict):")
for a, b, _ in pairs:
    print(f"  {a[0]:28} {a[1]}-{a[2]}  ~  {b[0]:28} {b[1]}-{b[2]}")
# claim map for comparing links and attributions: any pair of spans overlapping on >=50% of the shorter
t2m = {}
for a in tu:
    for b in mu:
        o = ov(a, b)
        if o and o >= 0.5 * min(a[2] - a[1], b[2] - b[1]):
            t2m.setdefault(a[0], set()).add(b[0])
print("\nclaim map (>=50% of the shorter span):")
for k, v in t2m.items():
    print(f"  {k:28} -> {sorted(v)}")
mm = {b for a, b, o in pairs}
print("\nours unmatched:", [(u[0], u[1], u[2]) for u in mu if u not in mm])
tm = {a for a, b, o in pairs}
print("theirs unmatched:", [(u[0], u[1], u[2]) for u in tu if u not in tm])


# claim-to-claim relations among matched claims
def claim_links(data, ids):
    return {
        (r["source"], r["target"]): r["kind"]
        for r in data["relations"]
        if r["kind"] in ("supports", "rebuts") and r["source"] in ids and r["target"] in ids
    }


ours_l = claim_links(mine, {c["id"] for c in mine["claims"]})
theirs_l = claim_links(theirs, {c["id"] for c in theirs["claims"]})
print("\nclaim links (theirs -> ours):")
agree = kind_agree = 0
rows = []
for (s, t), k in theirs_l.items():
    if s not in t2m or t not in t2m:
        rows.append(f"  theirs {s} -{k}-> {t}: an end unmatched")
        continue
    hits = [(ms, mt, ours_l[(ms, mt)]) for ms in t2m[s] for mt in t2m[t] if (ms, mt) in ours_l]
    if hits:
        agree += 1
        kind_agree += any(h[2] == k for h in hits)
        rows.append(f"  theirs {s} -{k}-> {t}: ours {hits}")
    else:
        rows.append(f"  theirs {s} -{k}-> {t}: no link in ours")
print("\n".join(rows))
both_matched = [1 for (s, t) in theirs_l if s in t2m and t in t2m]
print(f"links between matched claims: theirs {len(both_matched)}, also linked in ours {agree}, same kind {kind_agree}")
m2t = {}
for k, v in t2m.items():
    for x in v:
        m2t.setdefault(x, set()).add(k)
ours_between = [(s, t, k) for (s, t), k in ours_l.items() if s in m2t and t in m2t]
print("our links between matched claims:", len(ours_between))
for s, t, k in ours_between:
    th = [(ts, tt, theirs_l[(ts, tt)]) for ts in m2t[s] for tt in m2t[t] if (ts, tt) in theirs_l]
    if not th:
        print("   ours only:", s, k, t)

# undercuts
print("\nundercuts theirs:", [(r["source"], r["target"]) for r in theirs["relations"] if r["kind"] == "undercuts"])


# attributions
def atts(data, amap=None):
    out = {}
    for r in data["relations"]:
        if r["kind"] in ("asserts", "denies"):
            a = (amap or {}).get(r["source"], r["source"])
            out[(a, r["target"])] = (r["kind"], r.get("voice") or "states", r.get("via"))
    return out


ta = atts(theirs, ACTOR_MAP)
oa = atts(mine)
print("\nattributions (theirs, on matched claims):")
n = same_kind = same_voice = found = 0
VIA = []
for (a, c), (k, v, via) in ta.items():
    if c not in t2m:
        print(f"  {a} {k} {c}: claim unmatched")
        continue
    n += 1
    hit = [(mc, oa[(a, mc)]) for mc in t2m[c] if (a, mc) in oa]
    if hit:
        found += 1
        hit.sort(key=lambda h: (h[1][0] != k, h[1][1] != v, h[0]))
        hk = hit[0][1]
        same_kind += hk[0] == k
        same_voice += hk[0] == k and hk[1] == v
        VIA.append(((via or None) == (hk[2] or None), a, c))
        flag = "" if (hk[0], hk[1]) == (k, v) else "   <-- differs"
        print(f"  {a} {k}/{v} {c}: ours {hit}{flag}")
    else:
        print(f"  {a} {k}/{v} {c}: none in ours")
print(
    f"via agrees on {sum(v for v, _, _ in VIA)}/{len(VIA)} matched attributions; differs: {[(a, c) for v, a, c in VIA if not v]}"
)
print(f"attributions on matched claims: theirs {n}, present in ours {found}, same kind {same_kind}, same kind+voice {same_voice}")
d3claims = {u[0] for u in mu}
ours_d3_att = [
    (a, c, v)
    for (a, c), v in oa.items()
    if c in d3claims
    and any(
        m["doc"] == DOC
        for r in mine["relations"]
        if r["kind"] in ("asserts", "denies") and r["source"] == a and r["target"] == c
        for m in r.get("evidence", [])
    )
]
print("our attributions with d3 evidence:", len(ours_d3_att))
for a, c, v in ours_d3_att:
    if not any((a, tc) in ta for tc in m2t.get(c, ())):
        print("   ours only:", a, v, c)
