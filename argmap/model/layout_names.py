"""The layouts argmap knows, by name: in a module of their own (no numpy) because the command
line's argument parser needs them before anything heavy is imported."""

LAYOUTS = ("layered", "force", "by-document")
LAYOUT_TITLES = {"layered": "Layered", "force": "Force-directed", "by-document": "By document"}  # as menus name them
DEFAULT_LAYOUT = "force"  # what the window and `argmap render` use when nothing else is chosen or saved
