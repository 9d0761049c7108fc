"""C2SP examples: tile paths and partial tiles, entry bundles, the signed-note example key, checkpoints,
cosignatures and quorum policies."""

from __future__ import annotations

import pytest

from custodes.errors import ConfigError, IntegrityError
from custodes.ledger.layout import (
    decode_bundle,
    encode_bundle,
    encode_index,
    entries_path,
    partial_tiles,
    tile_path,
    tiles_for_size,
)
from custodes.ledger.note import (
    COSIGNATURE_V1,
    Checkpoint,
    SignedNote,
    Signer,
    Verifier,
    key_id,
    verify_checkpoint,
    verify_quorum,
)


def test_tile_paths_from_the_spec() -> None:
    assert tile_path(0, 1234) == "tile/0/x001/234"
    assert encode_index(1234067) == "x001/x234/067"
    assert tile_path(3, 1234067, 12) == "tile/3/x001/x234/067.p/12"
    assert entries_path(0, 5) == "tile/entries/000.p/5"
    assert entries_path(1000) == "tile/entries/x001/000"
    with pytest.raises(ValueError, match="width"):
        tile_path(0, 1, 0)


def test_partial_tiles_for_size_70000() -> None:
    assert [t.path for t in partial_tiles(70000)] == ["tile/0/273.p/112", "tile/1/001.p/17", "tile/2/000.p/1"]
    assert [t.path for t in partial_tiles(256)] == ["tile/1/000.p/1"]  # a full level-0 tile, partial level 1
    level0 = list(tiles_for_size(70000, 0))
    assert len(level0) == 274 and level0[-1].width == 112 and all(t.full for t in level0[:-1])
    assert [t.path for t in tiles_for_size(70000, -1)][-1] == "tile/entries/273.p/112"


def test_entry_bundles() -> None:
    entries = [b"", b"a", bytes(300), bytes(65535)]
    data = encode_bundle(entries)
    assert data[:5] == b"\x00\x00\x00\x01a"
    assert decode_bundle(data, 4) == entries
    with pytest.raises(IntegrityError, match="runs past the end"):
        decode_bundle(data[:-1])
    with pytest.raises(IntegrityError, match="expected 5"):
        decode_bundle(data, 5)
    with pytest.raises(ValueError, match="does not fit"):
        encode_bundle([bytes(65536)])


# The example key and note of the signed-note format (golang.org/x/mod/sumdb/note).
VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"


def test_signed_note_example() -> None:
    v = Verifier.parse(VKEY)
    assert v.vkey == VKEY
    assert key_id("PeterNeumann", 1, v.public_key).hex() == "c74f20a3"
    signer = Signer.parse(SKEY)
    assert signer.verifier == v
    assert signer.sign(TEXT).line() == SIG  # Ed25519 is deterministic: byte for byte
    note = SignedNote.parse(TEXT + "\n" + SIG)
    assert note.text == TEXT and v.verify(note.text, note.signatures[0])
    assert not v.verify(TEXT.replace("cryptography", "cryptographY"), note.signatures[0])
    assert "AYEKFALV" not in repr(signer)  # the private key is never shown


@pytest.mark.parametrize("bad", [
    VKEY.replace("c74f20a3", "c74f20a4"), VKEY[:-2], "PeterNeumann+c74f20a3", "Peter Neumann+c74f20a3+AA==",
])
def test_bad_vkeys_are_refused(bad: str) -> None:
    with pytest.raises(ConfigError):
        Verifier.parse(bad)


@pytest.mark.parametrize("bad", [TEXT, TEXT + "\n", TEXT + "\n— PeterNeumann !!!\n", TEXT + "\nno dash\n",
                                 "a\x01b\n\n" + SIG])
def test_malformed_notes_are_refused(bad: str) -> None:
    with pytest.raises(IntegrityError):
        SignedNote.parse(bad)


def test_checkpoint_signing_and_parsing() -> None:
    log = Signer.generate("example.org/log")
    cp = Checkpoint("example.org/log", 7, bytes(range(32)))
    note = SignedNote(cp.body(), (log.sign(cp.body()),)).format()
    got, _ = verify_checkpoint(note, log.verifier)
    assert got == cp
    forged = note.replace("\n7\n", "\n8\n")
    with pytest.raises(IntegrityError, match="does not verify"):
        verify_checkpoint(forged, log.verifier)
    with pytest.raises(IntegrityError, match="no signature by the log key"):
        verify_checkpoint(note, Signer.generate("example.org/log").verifier)
    for body in ["o\n07\nAA==\n", "o\nx\nAA==\n", "o\n1\n", "\n1\n" + "A" * 43 + "=\n"]:
        with pytest.raises(IntegrityError):
            Checkpoint.from_text(body)


def test_cosignatures_and_quorum() -> None:
    log = Signer.generate("example.org/log")
    w1, w2, w3 = (Signer.generate(f"witness.example/w{i}", COSIGNATURE_V1) for i in (1, 2, 3))
    body = Checkpoint("example.org/log", 3, bytes(32)).body()
    note = SignedNote(body, (log.sign(body), w1.sign(body, 1679315147), w2.sign(body, 1679315150)))
    parsed = SignedNote.parse(note.format())
    assert Verifier.cosignature_time(parsed.signatures[1]) == 1679315147
    witnesses = [w1.verifier, w2.verifier, w3.verifier]
    assert [w.name for w in verify_quorum(parsed, witnesses, 2)] == ["witness.example/w1", "witness.example/w2"]
    with pytest.raises(IntegrityError, match="needs 3"):
        verify_quorum(parsed, witnesses, 3)
    # a cosignature is over "cosignature/v1\ntime T\n" + body: a plain signature by the same key is not one
    assert not w1.verifier.verify(body, log.sign(body))
    tampered = SignedNote(body, (parsed.signatures[0], w1.sign(body.replace("3", "4"), 5)))
    with pytest.raises(IntegrityError, match="does not verify"):
        verify_quorum(tampered, witnesses, 1)
    with pytest.raises(ValueError, match="timestamp"):
        w1.sign(body)
