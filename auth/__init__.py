"""Agents' identities, TOTP MFA, sessions and the guard (issue 3: not built yet).

Until it exists the server binds to the loopback interface only (see kawal/cli/serve.py).
"""

__all__: list[str] = []
