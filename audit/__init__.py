"""Tamper-evident access audit and compliance evidence (issues 5 and 6: not built yet).

The vault already reports every access to an `AccessObserver`; the audit log will be that observer.
"""

__all__: list[str] = []
