"""One module per recognizer, as in Presidio; `redaction.registry` assembles the set Kawal runs."""
