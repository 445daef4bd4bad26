"""Schema of the privacy notice (`policies/privacy_notice.yaml`): what an access answer must tell.

GDPR Art. 15(1) gives the requester, beside a copy of the data, the purposes, the categories of
data, the recipients, the retention period, the rights to rectification, erasure, restriction and
objection, the right to complain to an authority, the source, and any automated decision-making;
15(2) the safeguards of transfers abroad. PDPA s. 21 and UU PDP Art. 32 ask for the data and how it
was used and disclosed. The rights and the authority belong to the law, so each framework file
carries them (`authority`); the rest is the controller's decision, not something Kawal can
measure, so it is declared here once (in English and Indonesian, for the cover letter) and every
access answer carries it; the categories and retention periods Kawal fills from the records
themselves and from `retention.yaml`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Bilingual", "PrivacyNotice"]


class Bilingual(BaseModel):
    """One text in the two languages the cover letter is written in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1, max_length=2000)
    id: str = Field(min_length=1, max_length=2000)


class PrivacyNotice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    controller: str = Field(min_length=1, max_length=200, description="Who answers: the controller's legal name")
    contact: str = Field(min_length=1, max_length=300, description="The data protection officer's (role) contact")
    purposes: list[Bilingual] = Field(min_length=1)
    recipients: list[Bilingual] = Field(min_length=1, description="Recipients or categories of recipients")
    sources: list[Bilingual] = Field(min_length=1, description="Where the data came from when not from the person")
    automated_decisions: Bilingual
    transfers: Bilingual
