"""Usernames as Kawal stores them: lower case, a small alphabet, at most 64 characters."""

from __future__ import annotations

from auth.errors import InvalidCredentials

__all__ = ["USERNAME_CHARS", "normalise_username", "valid_username"]

USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")


def valid_username(name: str) -> bool:
    return 1 <= len(name) <= 64 and set(name) <= USERNAME_CHARS


def normalise_username(username: str) -> str:
    """The stored form of *username*; `InvalidCredentials` (the sign-in's one answer) if it cannot be one."""
    name = username.strip().lower()
    if not valid_username(name):
        raise InvalidCredentials()
    return name
