"""Drawing the map onto any QPainter device (screen, PNG, SVG, PDF), shared by GUI and CLI."""
