"""The old home of the loader and writer, kept only so that branches begun before the split still
import: new code imports from loading.py (reading), saving.py (writing), corpus_format.py (file
name, Problem, LoadResult), corpus_check.py (the checks) and json_text.py. Remove once no branch
imports it (nothing in argmap/, tests/ or benchmarks/ does).
"""

from argmap.model.atomic_files import atomic_write
from argmap.model.corpus_check import unsupported_links
from argmap.model.corpus_format import ANNOTATIONS_FILE, FORMAT, VERSION, VERSIONS, CorpusError, LoadResult, Problem
from argmap.model.json_text import gc_paused, json_type, lone_surrogates, parse_json
from argmap.model.loading import load_corpus, load_corpus_or_raise
from argmap.model.saving import corpus_to_json, dumps, save_corpus

__all__ = ["ANNOTATIONS_FILE", "FORMAT", "VERSION", "VERSIONS", "CorpusError", "LoadResult", "Problem", "atomic_write",
           "corpus_to_json", "dumps", "gc_paused", "json_type", "load_corpus", "load_corpus_or_raise", "lone_surrogates",
           "parse_json", "save_corpus", "unsupported_links"]
