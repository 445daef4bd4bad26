"""Data-subject requests, legal holds, breaches and their deadlines under each law: the privacy registers.

A features package beside `redaction` and `auth`: it imports `audit`, `policies` and `dbcore`, never
the shell. Each register keeps its rows in its own tables (`privacy.models`); the shell's workflows
(`kawal/dsar.py`, `kawal/retention.py`, `kawal/compliance.py`) write the chained audit event of every
change and join the registers with the vault.
"""

from privacy.breaches import Assessment, Breach, BreachError, BreachNotFound, BreachRegister, Notice
from privacy.deadlines import WorkingDays, calendar_of, dsar_deadlines
from privacy.errors import PrivacyError
from privacy.models import metadata
from privacy.requests import (
    KINDS,
    DsarError,
    DsarNotFound,
    DsarRegister,
    DsarRequest,
    HoldNotFound,
    LegalHold,
    LegalHoldActive,
    LegalHolds,
    RequestKindRefused,
)

__all__ = [
    "Assessment", "Breach", "BreachError", "BreachNotFound", "BreachRegister", "DsarError", "DsarNotFound",
    "DsarRegister", "DsarRequest", "HoldNotFound", "KINDS", "LegalHold", "LegalHoldActive", "LegalHolds", "Notice",
    "PrivacyError", "RequestKindRefused", "WorkingDays", "calendar_of", "dsar_deadlines", "metadata",
]
