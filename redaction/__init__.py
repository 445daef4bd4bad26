"""PII detection and redaction for contact-center transcripts (issue 4: not built yet).

Nothing is exported until the redactor exists; importing this package gives no redaction at all.
"""

__all__: list[str] = []
