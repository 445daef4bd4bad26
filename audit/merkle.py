"""RFC 6962 (Certificate Transparency) Merkle tree hashing, inclusion and consistency proofs.

The audit log batches its hash-chained events into Merkle trees and signs the roots as checkpoints.
A Merkle tree lets two small proofs replace "send me the whole log":

* an *inclusion proof* (audit path) shows that one event is in the tree a checkpoint commits to,
  in O(log n) hashes, to someone who holds only that checkpoint;
* a *consistency proof* shows that a later checkpoint's tree extends an earlier one's, so a log
  that was truncated or had its history rewritten between two checkpoints cannot pass.

Everything here is exactly RFC 6962 section 2.1 (hashing, PATH, PROOF) with the verification
algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, the same trees Certificate Transparency and
transparency-dev/merkle build. Interoperability is the point: a proof only convinces an outsider if
their independent implementation computes the same root, so there is no "improved" variant here
(no midpoint split, no duplicated last node, no other prefixes).

Conventions:

* Hashes are 32-byte SHA-256 digests (``bytes``). Leaf *data* goes through :func:`leaf_hash`
  first; every other function takes leaf *hashes*, so callers can store and ship those instead of
  the (possibly sensitive) event bytes.
* Builders (:func:`root_from_hashes`, :func:`inclusion_proof`, :func:`consistency_proof`) are run
  by the log itself on its own data, so a bad argument is a bug and raises :class:`ValueError`.
* Verifiers (:func:`verify_inclusion`, :func:`verify_consistency`) are run on input from someone
  else, so they never raise: anything malformed (wrong types or sizes, out-of-range indices, proofs
  too long or too short) is simply ``False``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "HASH_SIZE",
    "EMPTY_ROOT",
    "InclusionProof",
    "leaf_hash",
    "node_hash",
    "root",
    "root_from_hashes",
    "inclusion_proof",
    "verify_inclusion",
    "consistency_proof",
    "verify_consistency",
]

HASH_SIZE = 32
"""Length of every hash in the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}) = SHA-256 of the empty string (RFC 6962 2.1): e3b0c442...b855."""

# Domain-separation prefixes (RFC 6962 2.1). Without them, an interior node's 64-byte input
# left||right could also be presented as a 64-byte *leaf*, giving two different trees with the same
# root (a second preimage): an attacker could "prove" inclusion of a leaf that is really an
# interior node, or pass a shorter tree off as a longer one. With distinct prefixes a leaf hash and
# a node hash are hashes of inputs that can never be equal.
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

# Tree sizes and indices are uint64 in RFC 6962/9162; refusing anything larger keeps a verifier's
# work bounded whatever a caller sends: no valid proof in a tree below 2**64 leaves has more than
# 64 (inclusion) or 65 (consistency) hashes, so longer ones are rejected before any hashing.
_MAX_TREE_SIZE = 1 << 64
_MAX_PROOF_LEN = 65

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the hash of one leaf (RFC 6962 2.1, MTH({d(0)})).

    The 0x00 prefix separates leaves from interior nodes (0x01), see the module's notes on
    second-preimage resistance. Raises TypeError for anything not bytes-like (in particular an
    int, which ``bytes()`` would silently turn into that many zero bytes).
    """
    return _sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node (RFC 6962 2.1).

    The 0x01 prefix keeps a node from ever hashing like a leaf (which uses 0x00).
    """
    return _sha256(_NODE_PREFIX + left + right).digest()


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of leaf *data* (each item is hashed with :func:`leaf_hash` first).

    The empty list gives :data:`EMPTY_ROOT`.
    """
    return root_from_hashes([leaf_hash(d) for d in leaves])


def root_from_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes, computed level by level (iterative, O(n) memory).

    RFC 6962 defines MTH recursively, splitting at k = the largest power of two < n. Hashing
    adjacent pairs level by level and carrying an unpaired last node up *unchanged* builds the same
    tree: the left part of every split is a complete subtree of 2^j leaves starting at a multiple
    of 2^j, so it is exactly what pairing produces, and the leftover on the right is only ever
    joined once everything to its left at that height is done. (Carrying the node up unchanged is
    what RFC 6962 does; *duplicating* it, as Bitcoin does, would give a different, second-preimage
    prone tree.) No recursion, so a million leaves cost one list of half a million hashes and no
    deep call stack.

    Raises ValueError if any item is not a 32-byte hash.
    """
    level = _checked_hashes(leaf_hashes, "leaf hash")
    return _root_of_level(level)


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path PATH(index, D[n]) of RFC 6962 2.1.1, ordered from the leaf up.

    The proof holds, for each level, the root of the sibling subtree; hashing them onto the leaf
    hash in the right order gives the tree root (see :func:`verify_inclusion`). It has at most
    ceil(log2 n) hashes. Cost: O(n) hashes, because the sibling subtrees together cover the other
    leaves exactly once.

    Raises ValueError if ``index`` is not in ``range(len(leaf_hashes))`` or a hash is malformed.
    """
    hashes = _checked_hashes(leaf_hashes, "leaf hash")
    n = len(hashes)
    if not _is_int(index) or not 0 <= index < n:
        raise ValueError(f"leaf index {index!r} is outside a tree of {n} leaves")
    # Walk from the root down to the leaf; RFC 6962 appends each sibling *after* the recursive
    # path, so the siblings collected top-down are reversed at the end.
    top_down: list[bytes] = []
    lo, hi, m = 0, n, index
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < k:  # PATH(m, D[0:k]) : MTH(D[k:n])
            top_down.append(_root_of_level(hashes[lo + k : hi]))
            hi = lo + k
        else:  # PATH(m - k, D[k:n]) : MTH(D[0:k])
            top_down.append(_root_of_level(hashes[lo : lo + k]))
            lo, m = lo + k, m - k
    top_down.reverse()
    return top_down


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """True iff ``proof`` shows the leaf ``leaf_hash`` at ``index`` in the tree of ``tree_size``
    leaves whose root is ``root`` (RFC 9162 2.1.3.2).

    ``fn``/``sn`` are the positions of the current node and of the last node at the current
    level; the proof must run out exactly when ``sn`` reaches 0 (the root), which rejects proofs
    that are too short or too long, and the shape of (index, tree_size) fixes which side each
    sibling goes on, so a proof for one index does not verify for another.

    What the proof does *not* pin down on its own is ``tree_size``: leaf i has the same path shape
    in some trees of different sizes (leaf 0 of 3 and of 4 leaves both have "sibling on the right,
    twice"), and then the same proof verifies for both sizes against the same root. That is
    inherent to RFC 6962/9162, which take (tree_size, root) from one signed tree head: a checkpoint
    must sign the size together with the root, and the verifier must use that signed pair.

    Never raises: malformed input of any kind gives False.
    """
    leaf = _as_hash(leaf_hash)
    expected = _as_hash(root)
    path = _as_hash_list(proof)
    if leaf is None or expected is None or path is None:
        return False
    if not (_is_int(index) and _is_int(tree_size)):
        return False
    if not 0 <= index < tree_size < _MAX_TREE_SIZE:
        return False
    fn, sn = index, tree_size - 1
    r = leaf
    for p in path:
        if sn == 0:  # proof longer than the path to the root
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                # fn is the last node of its level with no right sibling: it is carried up
                # unchanged until it becomes a right child (or reaches the left edge).
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """The consistency proof PROOF(old_size, D[n]) of RFC 6962 2.1.2, n = len(leaf_hashes).

    It holds the roots of the fewest subtrees from which both the old root MTH(D[0:old_size]) and
    the new root MTH(D[n]) can be recomputed; since the old subtrees are shared, the new tree must
    contain the old one unchanged as its prefix. The old root itself is left out when it is one of
    those subtrees (old_size a power of two): the verifier already has it.

    ``old_size`` of 0 or n gives the empty proof (every tree extends the empty tree, and a tree is
    consistent with itself when the roots are equal). Raises ValueError if ``old_size`` is not in
    ``range(n + 1)`` or a hash is malformed.
    """
    hashes = _checked_hashes(leaf_hashes, "leaf hash")
    n = len(hashes)
    if not _is_int(old_size) or not 0 <= old_size <= n:
        raise ValueError(f"old tree size {old_size!r} is outside 0..{n}")
    if old_size in (0, n):
        return []
    # SUBPROOF(m, D[lo:hi], b), unrolled. b stays True while the old tree is a prefix of a left
    # subtree we descended into, i.e. while the verifier's old root is still that subtree's root.
    top_down: list[bytes] = []
    lo, hi, m, b = 0, n, old_size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:  # SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
            top_down.append(_root_of_level(hashes[lo + k : hi]))
            hi = lo + k
        else:  # SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
            top_down.append(_root_of_level(hashes[lo : lo + k]))
            lo, m, b = lo + k, m - k, False
    if not b:  # SUBPROOF(m, D[m], false) = {MTH(D[m])}
        top_down.append(_root_of_level(hashes[lo:hi]))
    top_down.reverse()
    return top_down


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """True iff ``proof`` shows that the tree of ``new_size`` leaves with root ``new_root``
    extends the tree of ``old_size`` leaves with root ``old_root`` (RFC 9162 2.1.4.2).

    The proof is replayed twice at once: ``fr`` rebuilds the old root from the subtrees the two
    trees share, ``sr`` rebuilds the new root from those plus the newer subtrees. Both must come
    out right and the proof must end exactly at the root, so a rewritten or truncated history, or a
    proof for other sizes, fails.

    Edge cases, as in transparency-dev/merkle: equal sizes need the empty proof and equal roots;
    old_size 0 needs the empty proof (every tree extends the empty one), and here additionally an
    old_root equal to :data:`EMPTY_ROOT`, since any other value cannot be a root of size 0.

    Never raises: malformed input of any kind gives False.
    """
    first = _as_hash(old_root)
    second = _as_hash(new_root)
    path = _as_hash_list(proof)
    if first is None or second is None or path is None:
        return False
    if not (_is_int(old_size) and _is_int(new_size)):
        return False
    if not 0 <= old_size <= new_size < _MAX_TREE_SIZE:
        return False
    if old_size == 0:
        return not path and first == EMPTY_ROOT and (new_size > 0 or second == EMPTY_ROOT)
    if old_size == new_size:
        return not path and first == second
    # RFC 9162 2.1.4.2 from here on, 0 < old_size < new_size.
    if not path:  # step 1
        return False
    if old_size & (old_size - 1) == 0:  # step 2: a power of two, the old root is a subtree
        path = [first, *path]
    fn, sn = old_size - 1, new_size - 1  # step 3
    while fn & 1:  # step 4: skip the levels where the old tree's last node is a right child
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first and sr == second and sn == 0  # step 7


@dataclass(frozen=True)
class InclusionProof:
    """One leaf's inclusion proof, self-contained enough to ship with an exported event.

    Validated on construction (ValueError), so an instance is always structurally sound; whether
    it is *true* is what :meth:`verify` answers against a checkpoint's root.
    """

    index: int
    tree_size: int
    leaf_hash: bytes
    path: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not _is_int(self.index) or self.index < 0:
            raise ValueError(f"index must be a non-negative int, got {self.index!r}")
        if not _is_int(self.tree_size) or not self.index < self.tree_size < _MAX_TREE_SIZE:
            raise ValueError(
                f"tree_size must be an int greater than index {self.index} and below 2**64, "
                f"got {self.tree_size!r}"
            )
        leaf = _as_hash(self.leaf_hash)
        if leaf is None:
            raise ValueError(f"leaf_hash must be {HASH_SIZE} bytes, got {_describe(self.leaf_hash)}")
        if isinstance(self.path, (str, bytes, bytearray, memoryview)) or not isinstance(
            self.path, Sequence
        ):
            raise ValueError(f"path must be a sequence of hashes, got {type(self.path).__name__}")
        path: list[bytes] = []
        for i, item in enumerate(self.path):
            h = _as_hash(item)
            if h is None:
                raise ValueError(f"path[{i}] must be {HASH_SIZE} bytes, got {_describe(item)}")
            path.append(h)
        # Normalise (bytearray -> bytes, list -> tuple) so instances are hashable and immutable.
        object.__setattr__(self, "leaf_hash", leaf)
        object.__setattr__(self, "path", tuple(path))

    def verify(self, root: bytes) -> bool:
        """True iff this proof puts ``leaf_hash`` at ``index`` in the tree with ``root``."""
        return verify_inclusion(self.leaf_hash, self.index, self.tree_size, self.path, root)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; hashes as lowercase hex."""
        return {
            "index": self.index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash.hex(),
            "path": [h.hex() for h in self.path],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InclusionProof:
        """Parse :meth:`to_dict` output, e.g. from an untrusted JSON file.

        Raises ValueError naming the offending field on anything else: not a mapping, missing or
        unknown keys, non-int (or bool) numbers, hashes that are not 64 hex characters.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"inclusion proof must be a mapping, got {type(data).__name__}")
        fields = {"index", "tree_size", "leaf_hash", "path"}
        missing = fields - data.keys()
        if missing:
            raise ValueError(f"inclusion proof is missing {', '.join(sorted(missing))}")
        unknown = set(data.keys()) - fields
        if unknown:
            raise ValueError(
                f"inclusion proof has unknown keys {', '.join(sorted(map(repr, unknown)))}"
            )
        for name in ("index", "tree_size"):
            if not _is_int(data[name]):
                raise ValueError(f"{name} must be an integer, got {_describe(data[name])}")
        path = data["path"]
        if not isinstance(path, (list, tuple)):
            raise ValueError(f"path must be a list of hex strings, got {_describe(path)}")
        return cls(
            index=data["index"],
            tree_size=data["tree_size"],
            leaf_hash=_from_hex(data["leaf_hash"], "leaf_hash"),
            path=tuple(_from_hex(h, f"path[{i}]") for i, h in enumerate(path)),
        )


# --- helpers ----------------------------------------------------------------------------------


def _split(n: int) -> int:
    """k = the largest power of two smaller than n (n > 1): RFC 6962's split point."""
    return 1 << ((n - 1).bit_length() - 1)


def _root_of_level(level: list[bytes]) -> bytes:
    """MTH of already-validated leaf hashes; pairs level by level (see root_from_hashes)."""
    if not level:
        return EMPTY_ROOT
    sha, prefix = _sha256, _NODE_PREFIX
    while len(level) > 1:
        paired = [sha(prefix + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) & 1:
            paired.append(level[-1])  # the unpaired last node moves up unchanged
        level = paired
    return level[0]


def _is_int(value: object) -> bool:
    """An int that is not a bool (True is 1 to Python, but never a meaningful index)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _as_hash(value: object) -> bytes | None:
    """``value`` as 32 ``bytes``, or None if it is not a 32-byte bytes-like object."""
    if isinstance(value, bytes):
        return value if len(value) == HASH_SIZE else None
    if isinstance(value, (bytearray, memoryview)):
        try:
            raw = bytes(value)
        except (TypeError, ValueError):  # e.g. a released memoryview
            return None
        return raw if len(raw) == HASH_SIZE else None
    return None


def _as_hash_list(proof: object) -> list[bytes] | None:
    """A verifier's proof as a list of 32-byte hashes, or None if it is anything else."""
    if isinstance(proof, (str, bytes, bytearray, memoryview)) or not isinstance(proof, Sequence):
        return None
    if len(proof) > _MAX_PROOF_LEN:
        return None
    out: list[bytes] = []
    for item in proof:
        h = _as_hash(item)
        if h is None:
            return None
        out.append(h)
    return out


def _checked_hashes(leaf_hashes: Sequence[bytes], what: str) -> list[bytes]:
    """A builder's input as a list of 32-byte ``bytes``; ValueError on anything else."""
    if isinstance(leaf_hashes, (str, bytes, bytearray, memoryview)):
        raise ValueError(f"expected a sequence of {what}es, got {type(leaf_hashes).__name__}")
    hashes = list(leaf_hashes)
    if set(map(type, hashes)) <= {bytes} and set(map(len, hashes)) <= {HASH_SIZE}:
        return hashes  # the fast path, C-speed checks and no per-item copying
    for i, h in enumerate(hashes):
        converted = _as_hash(h)
        if converted is None:
            raise ValueError(f"{what} {i} must be {HASH_SIZE} bytes, got {_describe(h)}")
        hashes[i] = converted
    return hashes


def _from_hex(value: object, name: str) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * HASH_SIZE:
        raise ValueError(f"{name} must be {2 * HASH_SIZE} hex characters, got {_describe(value)}")
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raise ValueError(f"{name} is not hexadecimal: {value!r}") from None
    if len(raw) != HASH_SIZE:  # 64 characters including whitespace decode to fewer bytes
        raise ValueError(f"{name} is not {2 * HASH_SIZE} hex digits: {value!r}")
    return raw


def _describe(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, str):
        return f"a string of length {len(value)}"
    return type(value).__name__
