"""What an access answer tells besides the data: the statutory information and a cover letter.

GDPR Art. 15(1)-(2) (and, more briefly, PDPA s. 21 and UU PDP Art. 32) entitle the requester to the
purposes, categories, recipients, retention, rights, complaint authority, source, automated
decisions and transfers. The controller's part comes from `policies/privacy_notice.yaml`; the
categories and retention periods are taken from the records being given, so they describe what this
person's answer holds rather than a generic notice. The letter is rendered in English and
Indonesian from jinja2 text templates in `privacy/templates/` (reviewable as prose). Staff appear by role only: usernames
are internal and stay in the audit chain.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from audit.formats import iso_utc as iso
from policies import Framework, PrivacyNotice, RetentionPolicy, load_privacy_notice

__all__ = ["LANGUAGES", "cover_letters", "notice", "statutory_information"]

LANGUAGES = ("en", "id")


@lru_cache(maxsize=8)
def notice(directory: Path | None) -> PrivacyNotice:
    """The privacy notice in force (read once per process, like every policy file)."""
    return load_privacy_notice(directory)


def statutory_information(privacy: PrivacyNotice, retention: RetentionPolicy, framework: Framework,
                          subjects: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The GDPR 15(1)(a)-(h) and 15(2) items for the records in *subjects* (export bundle entries);
    the rights and the authority come from the law's own file."""
    records = [r for s in subjects for r in s["records"]]
    kinds = sorted({r["kind"] for r in records} | {r["kind"] for s in subjects for r in s["unreadable_records"]})
    fields = sorted({name for r in records if isinstance(r["data"], Mapping) for name in r["data"]})
    authority = framework.authority
    return {
        "controller": privacy.controller,
        "contact": privacy.contact,
        "purposes": [p.model_dump() for p in privacy.purposes],                      # 15(1)(a)
        "categories": fields,                                                         # 15(1)(b)
        "record_kinds": kinds,
        "recipients": [r.model_dump() for r in privacy.recipients],                  # 15(1)(c)
        "retention": {kind: retention.classes[kind].model_dump()                      # 15(1)(d)
                      for kind in kinds if kind in retention.classes},
        "rights": [r.model_dump() for r in authority.rights],                         # 15(1)(e)
        "complaint_authority": {"name": authority.name, "contact": authority.contact},  # 15(1)(f)
        "sources": [s.model_dump() for s in privacy.sources],                        # 15(1)(g)
        "automated_decisions": privacy.automated_decisions.model_dump(),              # 15(1)(h)
        "transfers": privacy.transfers.model_dump(),                                  # 15(2)
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Plain text, not HTML: nothing to escape; StrictUndefined makes a missing field an error, not a blank.
    return Environment(loader=PackageLoader("privacy", "templates"), autoescape=False, undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=False)


def cover_letters(privacy: PrivacyNotice, info: Mapping[str, Any], *, framework: Framework, reference: str,
                  received_at: float, subjects: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The letter that goes with the bundle, in each of `LANGUAGES`."""
    values = {
        "notice": privacy, "info": info, "law": framework.name, "reference": reference,
        "authority": framework.authority,
        "received": iso(received_at)[:10], "today": iso(time.time())[:10],
        "records": sum(len(s["records"]) for s in subjects),
        "erased": sum(s["erased_records"] for s in subjects),
        "unreadable": sum(len(s["unreadable_records"]) for s in subjects),
        "accesses": sum(len(s["accesses"]) for s in subjects),
    }
    return {lang: _environment().get_template(f"dsar_letter.{lang}.txt.j2").render(**values) for lang in LANGUAGES}
