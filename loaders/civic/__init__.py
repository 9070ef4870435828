"""CIViC evidence (CC0) as a source: `alkkg load civic`."""
