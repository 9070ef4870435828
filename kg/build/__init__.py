"""Build: sources to RDF, then the rules, the checks and the release.

`pipeline` runs the stages; `conflicts` pairs claims that disagree or update each other;
`reason` materialises OWL RL and asks HermiT for consistency; `shacl` compiles the shapes to
SPARQL and `validate` reports on them; `imports` adds slices of external ontologies to a release.
"""
