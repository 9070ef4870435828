"""Curated source tables and the code that turns them into RDF."""
