"""Formats: SPARQL results (`results`), RDF serialisations (`rdf`, `jsonld`), KGX (`kgx`),
GA4GH VA-Spec (`vaspec`), VoID (`void`) and the ontology's HTML documentation (`docs`)."""
