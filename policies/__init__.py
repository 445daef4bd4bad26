"""Declarative policies: YAML data validated by pydantic schemas.

Policies are data, not code: changing what is searchable, how often keys rotate or (in later issues)
how transcripts are redacted means editing a YAML file, which is validated at load time so that a
typo fails loudly at start-up instead of weakening protection silently.
"""

from policies.loader import PolicyError, load_vault_policy
from policies.vault import SearchableField, VaultPolicy

__all__ = ["PolicyError", "SearchableField", "VaultPolicy", "load_vault_policy"]
