"""argmap: read arguments as maps of claims, rebuttals and actors linked to their source text."""

__version__ = "0.1.0"
