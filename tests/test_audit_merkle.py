"""RFC 6962 Merkle trees: CT reference vectors, a slow reference implementation, tampering, bad input.

The known answers are the Certificate Transparency test vectors (transparency-dev/merkle,
testonly/constants.go and proof/verify_test.go; the same values as the C++ certificate-transparency
merkle tests). Everything else is checked against the `ref_*` functions below, a deliberately naive
recursive transcription of RFC 6962 section 2.1 that shares no code with `audit.merkle`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence

import pytest
from hypothesis import given, settings, strategies as st

from audit import merkle
from audit.merkle import (
    EMPTY_ROOT,
    InclusionProof,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    root_from_hashes,
    verify_consistency,
    verify_inclusion,
)

# --- the reference implementation: RFC 6962 section 2.1, word for word, slow on purpose -----------


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    """"the largest power of two smaller than n (i.e., k < n <= 2k)"."""
    k = 1
    while k * 2 < n:
        k *= 2
    assert k < n <= 2 * k
    return k


def ref_mth(d: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf data."""
    n = len(d)
    if n == 0:
        return _sha256(b"")
    if n == 1:
        return _sha256(b"\x00" + d[0])
    k = _k(n)
    return _sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:n]))


def ref_mth_hashes(h: Sequence[bytes]) -> bytes:
    """MTH where the leaf hashes are given (MTH({d(0)}) = h[0])."""
    n = len(h)
    if n == 0:
        return _sha256(b"")
    if n == 1:
        return h[0]
    k = _k(n)
    return _sha256(b"\x01" + ref_mth_hashes(h[:k]) + ref_mth_hashes(h[k:n]))


def ref_path(m: int, h: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n])."""
    n = len(h)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return ref_path(m, h[:k]) + [ref_mth_hashes(h[k:n])]
    return ref_path(m - k, h[k:n]) + [ref_mth_hashes(h[:k])]


def ref_path_shape(m: int, n: int) -> list[str]:
    """Which side each PATH(m, D[n]) element is hashed on: 'R' = sibling right of the running hash."""
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return ref_path_shape(m, k) + ["R"]
    return ref_path_shape(m - k, n - k) + ["L"]


def ref_proof(m: int, h: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m < n."""

    def subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
        n = len(d)
        if m == n:
            return [] if b else [ref_mth_hashes(d)]
        k = _k(n)
        if m <= k:
            return subproof(m, d[:k], b) + [ref_mth_hashes(d[k:n])]
        return subproof(m - k, d[k:n], False) + [ref_mth_hashes(d[:k])]

    return subproof(m, h, True)


# --- Certificate Transparency reference vectors ----------------------------------------------------

CT_LEAVES = [
    bytes.fromhex(x)
    for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
CT_HASHES = [_sha256(b"\x00" + d) for d in CT_LEAVES]
CT_ROOTS = [  # indexed by tree size
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (index, tree size, audit path); transparency-dev numbers leaves from 1, these are 0-based.
CT_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
CT_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (1, 1, []),
]  # fmt: skip


def _root(n: int) -> bytes:
    return bytes.fromhex(CT_ROOTS[n])


def _flip(b: bytes, pos: int = 0, mask: int = 0x01) -> bytes:
    out = bytearray(b)
    out[pos % len(out)] ^= mask
    return bytes(out)


def test_public_api_is_exactly_listed() -> None:
    for name in merkle.__all__:
        assert hasattr(merkle, name)
    assert {
        "leaf_hash", "node_hash", "root", "root_from_hashes", "inclusion_proof", "verify_inclusion",
        "consistency_proof", "verify_consistency", "InclusionProof",
    } <= set(merkle.__all__)  # fmt: skip


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]).hex() == expected
    assert root_from_hashes([]).hex() == expected
    assert EMPTY_ROOT.hex() == expected


def test_one_leaf_tree_root_is_the_leaf_hash_and_its_proof_is_empty() -> None:
    h = leaf_hash(b"event")
    assert h == hashlib.sha256(b"\x00event").digest()
    assert root([b"event"]) == root_from_hashes([h]) == h
    assert inclusion_proof([h], 0) == []
    assert verify_inclusion(h, 0, 1, [], h)
    assert not verify_inclusion(h, 0, 1, [], _flip(h))


@pytest.mark.parametrize("data", [5, "text", None, [1, 2]])
def test_leaf_hash_wants_bytes(data: object) -> None:
    with pytest.raises(TypeError):
        leaf_hash(data)  # type: ignore[arg-type]
    assert leaf_hash(bytearray(b"x")) == leaf_hash(memoryview(b"x")) == leaf_hash(b"x")


def test_prefixes_separate_leaves_from_nodes() -> None:
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()
    # The 64 bytes of an interior node, presented as leaf data, hash differently: no second preimage.
    assert leaf_hash(a + b) != node_hash(a, b)
    assert root([a + b]) != root_from_hashes([a, b])


@pytest.mark.parametrize("size", range(len(CT_ROOTS)))
def test_ct_reference_roots(size: int) -> None:
    assert root(CT_LEAVES[:size]).hex() == CT_ROOTS[size]
    assert root_from_hashes(CT_HASHES[:size]).hex() == CT_ROOTS[size]
    # The slow reference must agree too, or it could not vouch for anything below.
    assert ref_mth(CT_LEAVES[:size]).hex() == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_ct_reference_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    proof = inclusion_proof(CT_HASHES[:size], index)
    assert [p.hex() for p in proof] == path
    assert verify_inclusion(CT_HASHES[index], index, size, proof, _root(size))


@pytest.mark.parametrize(("old", "new", "path"), CT_CONSISTENCY)
def test_ct_reference_consistency_proofs(old: int, new: int, path: list[str]) -> None:
    proof = consistency_proof(CT_HASHES[:new], old)
    assert [p.hex() for p in proof] == path
    assert verify_consistency(old, new, _root(old), _root(new), proof)


def test_every_consistency_pair_up_to_64_leaves_matches_the_rfc_and_verifies() -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(64)]
    roots = [root_from_hashes(hashes[:n]) for n in range(65)]
    for new in range(65):
        for old in range(new + 1):
            proof = consistency_proof(hashes[:new], old)
            assert proof == (ref_proof(old, hashes[:new]) if 0 < old < new else [])
            assert verify_consistency(old, new, roots[old], roots[new], proof), (old, new)


def test_every_inclusion_path_up_to_64_leaves_matches_the_rfc() -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(64)]
    for n in range(1, 65):
        for i in range(n):
            assert inclusion_proof(hashes[:n], i) == ref_path(i, hashes[:n]), (i, n)


def test_large_and_power_of_two_boundary_sizes_match_reference() -> None:
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(1100)]
    for n in (127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025, 1100):
        assert root_from_hashes(hashes[:n]) == ref_mth_hashes(hashes[:n]), n


# --- properties ---------------------------------------------------------------------------------


@st.composite
def _leaf_lists(draw: st.DrawFn, min_size: int = 0, unique: bool = False) -> list[bytes]:
    """0..200 leaves, spread over the whole range of sizes.

    Plain `st.lists(max_size=200)` mostly yields a handful of leaves, and the interesting shapes
    (deep unbalanced right edges) need many; so a few arbitrary drawn leaves are spliced into a
    run of cheap synthetic ones of a drawn length.
    """
    drawn = draw(st.lists(st.binary(max_size=24), max_size=12, unique=unique))
    extra = draw(st.integers(max(0, min_size - len(drawn)), 200 - len(drawn)))
    salt = draw(st.binary(max_size=3))
    synthetic = [salt + i.to_bytes(2, "big") for i in range(extra)]
    at = draw(st.integers(0, extra))
    leaves = [*synthetic[:at], *drawn, *synthetic[at:]]
    if unique:  # the synthetic leaves are distinct, so at least `extra` >= min_size remain
        leaves = list(dict.fromkeys(leaves))
    return leaves


leaf_lists = _leaf_lists()
# Tampering tests need distinct leaves: with duplicates a proof for leaf 0 honestly is one for leaf 1.
unique_leaf_lists = _leaf_lists(min_size=1, unique=True)


@settings(max_examples=150, deadline=None)
@given(leaf_lists)
def test_root_matches_reference(leaves: list[bytes]) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    assert root_from_hashes(hashes) == ref_mth_hashes(hashes) == ref_mth(leaves) == root(leaves)


@settings(max_examples=60, deadline=None)
@given(leaf_lists)
def test_every_index_inclusion_proof_verifies(leaves: list[bytes]) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    top = root(leaves)
    for i, h in enumerate(hashes):
        proof = inclusion_proof(hashes, i)
        assert len(proof) == len(ref_path_shape(i, len(hashes)))
        assert verify_inclusion(h, i, len(hashes), proof, top)
        assert InclusionProof(i, len(hashes), h, tuple(proof)).verify(top)


@settings(max_examples=100, deadline=None)
@given(leaf_lists.filter(bool), st.data())
def test_inclusion_proof_matches_rfc_path(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    i = data.draw(st.integers(0, len(hashes) - 1), label="index")
    assert inclusion_proof(hashes, i) == ref_path(i, hashes)


@settings(max_examples=100, deadline=None)
@given(unique_leaf_lists, st.data())
def test_tampered_inclusion_fails(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    n = len(hashes)
    top = root_from_hashes(hashes)
    i = data.draw(st.integers(0, n - 1), label="index")
    pos = data.draw(st.integers(0, 31), label="byte")
    mask = data.draw(st.integers(1, 255), label="mask")
    proof = inclusion_proof(hashes, i)
    assert verify_inclusion(hashes[i], i, n, proof, top)

    assert not verify_inclusion(_flip(hashes[i], pos, mask), i, n, proof, top)  # the leaf
    assert not verify_inclusion(hashes[i], i, n, proof, _flip(top, pos, mask))  # the root
    for j in range(len(proof)):  # every proof element
        bad = [*proof[:j], _flip(proof[j], pos, mask), *proof[j + 1 :]]
        assert not verify_inclusion(hashes[i], i, n, bad, top)
    if proof:
        assert not verify_inclusion(hashes[i], i, n, proof[:-1], top)  # too short
    assert not verify_inclusion(hashes[i], i, n, [*proof, top], top)  # too long
    assert not verify_inclusion(hashes[i], i, n, [top, *proof], top)
    for j in range(n + 2):  # every other index, and past the end
        if j != i:
            assert not verify_inclusion(hashes[i], j, n, proof, top), j
    # Another leaf's hash at this index fails too.
    for j in range(n):
        if j != i:
            assert not verify_inclusion(hashes[j], i, n, proof, top)
    # Tree size: doubling or halving always changes the path length, so always fails...
    assert not verify_inclusion(hashes[i], i, 2 * n, proof, top)
    assert not verify_inclusion(hashes[i], i, n // 2, proof, top)
    # ...and any other size fails exactly when leaf i's path has another shape there. Where the
    # shape is the same (leaf 0 of 3 and of 4), RFC 6962 cannot tell the sizes apart: it is the
    # signed checkpoint that binds the size to the root.
    shape = ref_path_shape(i, n)
    for m in range(1, 2 * n + 2):
        if m != n:
            same_shape = i < m and ref_path_shape(i, m) == shape
            assert verify_inclusion(hashes[i], i, m, proof, top) == same_shape, m


@settings(max_examples=60, deadline=None)
@given(leaf_lists, st.data())
def test_consistency_proofs_verify_for_all_pairs(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    n = len(hashes)
    roots = [root_from_hashes(hashes[:s]) for s in range(n + 1)]
    # Every old size against the full tree, and every new size from one drawn old size on.
    for old in range(n + 1):
        assert verify_consistency(old, n, roots[old], roots[n], consistency_proof(hashes, old)), old
    old = data.draw(st.integers(0, n), label="old")
    for new in range(old, n + 1):
        proof = consistency_proof(hashes[:new], old)
        assert verify_consistency(old, new, roots[old], roots[new], proof), new
        if 0 < old < new and new <= 40:
            assert proof == ref_proof(old, hashes[:new])


@settings(max_examples=150, deadline=None)
@given(unique_leaf_lists, st.data())
def test_consistency_fails_for_rewritten_or_truncated_history(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    hashes = [leaf_hash(d) for d in leaves]
    old = data.draw(st.integers(1, n), label="old")
    old_root, new_root = root_from_hashes(hashes[:old]), root_from_hashes(hashes)
    proof = consistency_proof(hashes, old)
    assert verify_consistency(old, n, old_root, new_root, proof)

    # One leaf of the old history changed: the old checkpoint is from a different history.
    j = data.draw(st.integers(0, old - 1), label="changed leaf")
    other = [*leaves[:j], leaves[j] + b"\xff", *leaves[j + 1 :]]
    other_hashes = [leaf_hash(d) for d in other]
    other_old_root = root_from_hashes(other_hashes[:old])
    assert not verify_consistency(old, n, other_old_root, new_root, proof)
    # ...and a log that rewrote that leaf cannot prove its new tree extends the real old one.
    assert not verify_consistency(
        old, n, old_root, root_from_hashes(other_hashes), consistency_proof(other_hashes, old)
    )

    # Truncation: the new history keeps only t < old of the old leaves, then grows again.
    t = data.draw(st.integers(0, old - 1), label="kept")
    regrown = hashes[:t] + [leaf_hash(b"\x00regrown" + i.to_bytes(4, "big")) for i in range(n - t)]
    assert not verify_consistency(
        old, n, old_root, root_from_hashes(regrown), consistency_proof(regrown, old)
    )
    # A new size below the old one is never consistent, whatever the proof.
    assert not verify_consistency(old, t, old_root, root_from_hashes(hashes[:t]), proof)
    assert not verify_consistency(old, t, old_root, root_from_hashes(hashes[:t]), [])

    # Tampered proofs.
    if proof:
        pos = data.draw(st.integers(0, 31), label="byte")
        for k in range(len(proof)):
            bad = [*proof[:k], _flip(proof[k], pos), *proof[k + 1 :]]
            assert not verify_consistency(old, n, old_root, new_root, bad)
        assert not verify_consistency(old, n, old_root, new_root, proof[:-1])
        assert not verify_consistency(old, n, old_root, new_root, [*proof, new_root])
        assert not verify_consistency(old, n, old_root, new_root, [old_root, *proof])
        assert not verify_consistency(old, n, new_root, old_root, proof)  # swapped roots


# --- malformed input: False, never an exception ---------------------------------------------------

H8 = CT_HASHES
R8 = _root(8)
GOOD_PROOF_3 = inclusion_proof(H8, 3)


@pytest.mark.parametrize(
    ("leaf", "index", "size", "proof", "top"),
    [
        pytest.param(H8[3], 3, 8, [], R8, id="empty proof for a big tree"),
        pytest.param(H8[3], 8, 8, GOOD_PROOF_3, R8, id="index == size"),
        pytest.param(H8[3], 9, 8, GOOD_PROOF_3, R8, id="index > size"),
        pytest.param(H8[3], -1, 8, GOOD_PROOF_3, R8, id="negative index"),
        pytest.param(H8[3], 3, -8, GOOD_PROOF_3, R8, id="negative size"),
        pytest.param(H8[3], 0, 0, [], EMPTY_ROOT, id="empty tree"),
        pytest.param(H8[3], 3, 2**64, GOOD_PROOF_3, R8, id="size beyond uint64"),
        pytest.param(H8[3][:31], 3, 8, GOOD_PROOF_3, R8, id="31-byte leaf"),
        pytest.param(H8[3], 3, 8, GOOD_PROOF_3, R8[:31], id="31-byte root"),
        pytest.param(H8[3], 3, 8, [*GOOD_PROOF_3[:2], GOOD_PROOF_3[2][:31]], R8, id="31-byte element"),
        pytest.param(H8[3], 3, 8, [*GOOD_PROOF_3[:2], GOOD_PROOF_3[2] + b"\0"], R8, id="33-byte element"),
        pytest.param(H8[3], 3, 8, [*GOOD_PROOF_3, GOOD_PROOF_3[0]], R8, id="proof too long"),
        pytest.param(H8[3], 3, 8, GOOD_PROOF_3[:2], R8, id="proof too short"),
        pytest.param(H8[3], 3, 8, [H8[0]] * 1000, R8, id="huge proof"),
        pytest.param(H8[3], 3, 8, None, R8, id="proof None"),
        pytest.param(H8[3], 3, 8, b"".join(GOOD_PROOF_3), R8, id="proof as one bytes"),
        pytest.param(H8[3], 3, 8, [p.hex() for p in GOOD_PROOF_3], R8, id="proof as hex strings"),
        pytest.param(H8[3].hex(), 3, 8, GOOD_PROOF_3, R8, id="leaf as hex string"),
        pytest.param(None, 3, 8, GOOD_PROOF_3, R8, id="leaf None"),
        pytest.param(H8[3], 3, 8, GOOD_PROOF_3, None, id="root None"),
        pytest.param(H8[3], 3.0, 8, GOOD_PROOF_3, R8, id="float index"),
        pytest.param(H8[3], "3", 8, GOOD_PROOF_3, R8, id="string index"),
        pytest.param(H8[3], 3, "8", GOOD_PROOF_3, R8, id="string size"),
        pytest.param(H8[1], True, 8, inclusion_proof(H8, 1), R8, id="bool index"),
    ],
)
def test_malformed_inclusion_is_false(
    leaf: object, index: object, size: object, proof: object, top: object
) -> None:
    assert verify_inclusion(leaf, index, size, proof, top) is False  # type: ignore[arg-type]


def test_the_well_formed_versions_of_the_malformed_inputs_verify() -> None:
    assert verify_inclusion(H8[3], 3, 8, GOOD_PROOF_3, R8)
    assert verify_inclusion(H8[1], 1, 8, inclusion_proof(H8, 1), R8)
    # bytes-like hashes are fine, as are tuples.
    assert verify_inclusion(bytearray(H8[3]), 3, 8, tuple(map(memoryview, GOOD_PROOF_3)), bytearray(R8))


GOOD_CONS_6_8 = consistency_proof(H8, 6)
GOOD_CONS_4_8 = consistency_proof(H8, 4)


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof"),
    [
        pytest.param(6, 8, _root(6), R8, [], id="empty proof"),
        pytest.param(4, 8, _root(4), R8, [], id="empty proof, power of two"),
        pytest.param(8, 6, R8, _root(6), GOOD_CONS_6_8, id="old > new"),
        pytest.param(-6, 8, _root(6), R8, GOOD_CONS_6_8, id="negative old"),
        pytest.param(6, -8, _root(6), R8, GOOD_CONS_6_8, id="negative new"),
        pytest.param(6, 2**64, _root(6), R8, GOOD_CONS_6_8, id="new beyond uint64"),
        pytest.param(6, 8, _root(6)[:31], R8, GOOD_CONS_6_8, id="31-byte old root"),
        pytest.param(6, 8, _root(6), R8[:31], GOOD_CONS_6_8, id="31-byte new root"),
        pytest.param(6, 8, _root(6), R8, [GOOD_CONS_6_8[0][:31], *GOOD_CONS_6_8[1:]], id="31-byte element"),
        pytest.param(6, 8, _root(6), R8, [*GOOD_CONS_6_8, R8], id="proof too long"),
        pytest.param(6, 8, _root(6), R8, GOOD_CONS_6_8[:-1], id="proof too short"),
        pytest.param(6, 8, _root(6), R8, [R8] * 1000, id="huge proof"),
        pytest.param(6, 8, _root(6), R8, None, id="proof None"),
        pytest.param(6, 8, _root(6), R8, "abc", id="proof a string"),
        pytest.param(6, 8, None, R8, GOOD_CONS_6_8, id="old root None"),
        pytest.param(6.0, 8, _root(6), R8, GOOD_CONS_6_8, id="float old"),
        pytest.param(True, 8, _root(1), R8, consistency_proof(H8, 1), id="bool old"),
        pytest.param(4, 8, _root(4), R8, [_root(4), *GOOD_CONS_4_8], id="old root given again"),
        pytest.param(8, 8, R8, R8, [R8], id="equal sizes, non-empty proof"),
        pytest.param(8, 8, R8, _root(7), [], id="equal sizes, different roots"),
        pytest.param(0, 8, EMPTY_ROOT, R8, [R8], id="old 0, non-empty proof"),
        pytest.param(0, 8, R8, R8, [], id="old 0, old root not the empty root"),
        pytest.param(0, 0, R8, R8, [], id="both 0, not the empty root"),
    ],
)
def test_malformed_consistency_is_false(
    old: object, new: object, old_root: object, new_root: object, proof: object
) -> None:
    assert verify_consistency(old, new, old_root, new_root, proof) is False  # type: ignore[arg-type]


def test_trivial_consistency_cases_verify() -> None:
    assert verify_consistency(6, 8, _root(6), R8, GOOD_CONS_6_8)
    assert verify_consistency(4, 8, _root(4), R8, GOOD_CONS_4_8)
    assert verify_consistency(8, 8, R8, R8, [])
    assert verify_consistency(0, 8, EMPTY_ROOT, R8, [])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])


# --- builders raise on bad arguments (the log's own bug, not untrusted input) --------------------


@pytest.mark.parametrize("index", [-1, 8, 100, True, 1.0])
def test_inclusion_proof_rejects_bad_index(index: object) -> None:
    with pytest.raises(ValueError, match="outside a tree of 8 leaves"):
        inclusion_proof(H8, index)  # type: ignore[arg-type]


@pytest.mark.parametrize("old", [-1, 9, False, 2.0])
def test_consistency_proof_rejects_bad_old_size(old: object) -> None:
    with pytest.raises(ValueError, match="old tree size"):
        consistency_proof(H8, old)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hashes",
    [[H8[0], H8[1][:31]], [H8[0], H8[1].hex()], [None], b"\x00" * 64],
    ids=["31 bytes", "hex string", "None", "one bytes object"],
)
def test_builders_reject_malformed_leaf_hashes(hashes: object) -> None:
    for build in (root_from_hashes, lambda h: inclusion_proof(h, 0), lambda h: consistency_proof(h, 1)):
        with pytest.raises(ValueError):
            build(hashes)


def test_builders_accept_bytes_like_hashes() -> None:
    assert root_from_hashes([bytearray(h) for h in H8]) == R8
    assert inclusion_proof(tuple(H8), 3) == GOOD_PROOF_3


# --- InclusionProof -------------------------------------------------------------------------------


def test_inclusion_proof_object_round_trips_through_json() -> None:
    proof = InclusionProof(index=5, tree_size=8, leaf_hash=H8[5], path=tuple(inclusion_proof(H8, 5)))
    as_json = json.dumps(proof.to_dict())
    assert json.loads(as_json) == {
        "index": 5,
        "tree_size": 8,
        "leaf_hash": H8[5].hex(),
        "path": [p for _, _, path in CT_INCLUSION[1:2] for p in path],
    }
    again = InclusionProof.from_dict(json.loads(as_json))
    assert again == proof
    assert again.verify(R8)
    assert not again.verify(_root(7))
    assert not again.verify(b"not a root")
    # Upper-case hex is still hex.
    upper = {**proof.to_dict(), "leaf_hash": H8[5].hex().upper()}
    assert InclusionProof.from_dict(upper) == proof


def test_inclusion_proof_object_is_frozen_and_normalised() -> None:
    proof = InclusionProof(0, 1, bytearray(H8[0]), [])  # type: ignore[arg-type]
    assert proof.leaf_hash == H8[0] and type(proof.leaf_hash) is bytes
    assert proof.path == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        proof.index = 1  # type: ignore[misc]
    assert hash(proof) == hash(InclusionProof(0, 1, H8[0], ()))


GOOD_DICT = InclusionProof(3, 8, H8[3], tuple(GOOD_PROOF_3)).to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["not", "a", "dict"], "must be a mapping"),
        ({k: v for k, v in GOOD_DICT.items() if k != "path"}, "missing path"),
        ({**GOOD_DICT, "root": "00"}, "unknown keys 'root'"),
        ({**GOOD_DICT, "index": "3"}, "index must be an integer"),
        ({**GOOD_DICT, "index": True}, "index must be an integer"),
        ({**GOOD_DICT, "tree_size": 8.0}, "tree_size must be an integer"),
        ({**GOOD_DICT, "index": -1}, "index must be a non-negative"),
        ({**GOOD_DICT, "index": 8}, "tree_size must be an int greater than index"),
        ({**GOOD_DICT, "tree_size": 2**64}, "below 2\\*\\*64"),
        ({**GOOD_DICT, "leaf_hash": H8[3].hex()[:62]}, "leaf_hash must be 64 hex characters"),
        ({**GOOD_DICT, "leaf_hash": "zz" * 32}, "leaf_hash is not hexadecimal"),
        ({**GOOD_DICT, "leaf_hash": " " + H8[3].hex()[:62] + " "}, "leaf_hash is not 64 hex digits"),
        ({**GOOD_DICT, "leaf_hash": H8[3]}, "leaf_hash must be 64 hex characters"),
        ({**GOOD_DICT, "path": "ab" * 32}, "path must be a list"),
        ({**GOOD_DICT, "path": [*GOOD_DICT["path"][:2], None]}, "path\\[2\\] must be 64 hex"),
    ],
)
def test_inclusion_proof_from_dict_rejects_bad_input(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        InclusionProof.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"index": 0, "tree_size": 1, "leaf_hash": b"short", "path": ()},
        {"index": 0, "tree_size": 1, "leaf_hash": H8[0], "path": (b"short",)},
        {"index": 0, "tree_size": 1, "leaf_hash": H8[0], "path": b"".join(H8[:2])},
        {"index": 1, "tree_size": 1, "leaf_hash": H8[0], "path": ()},
    ],
)
def test_inclusion_proof_constructor_validates(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        InclusionProof(**kwargs)  # type: ignore[arg-type]
