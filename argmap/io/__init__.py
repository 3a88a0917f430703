"""Importers and exporters of other formats; each registers itself in `argmap.io.registry`."""
