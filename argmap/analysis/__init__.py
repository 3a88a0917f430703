"""Comparing the narratives of a corpus, without Qt: who says what, where they disagree, what stands.

- `stances`: the stance matrix (actors, sides or documents against claims).
- `disputes`: the ranked list of contested claims and who is on each side.
- `framework` and `status`: the claims as a Dung argumentation framework, grounded and
  preferred semantics, explanations, and "what stands if I accept only these sources".
"""
