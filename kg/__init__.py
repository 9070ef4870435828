"""alkkg: an open knowledge graph of ALK-positive non-small-cell lung cancer."""

__version__ = "0.1.0"
