"""The map's colours, without Qt: render/style.py turns them into pens and brushes, and the data
exports (GraphML, GEXF, DOT) colour their nodes and edges the same way.

The palette is Okabe-Ito (safe for the common colour-vision deficiencies); every relation kind
also differs in line style (render/style.py), so the map reads in greyscale print too.
"""

BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"

EDGE_COLOURS = {"supports": GREEN, "rebuts": VERMILION, "undercuts": BLACK, "asserts": BLUE, "denies": PURPLE}


# Node roles: (fill, border, accent: the stripe of claims or the glyph disc of actors, text)
NODE_COLOURS = {
    "claim": ("#FFFFFF", "#4A5560", SKY, "#1B1F23"),
    "rebuttal": ("#FFF4EC", VERMILION, VERMILION, "#1B1F23"),
    "actor": ("#FFFBE0", "#8C7A00", "#6B5C00", "#1B1F23"),
    # a group of claims on View > Overview (a document, a community): slate, drawn as a stack of cards
    "group": ("#EDF1F5", "#33404C", "#33404C", "#1B1F23"),
}
