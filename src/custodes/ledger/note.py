"""C2SP signed notes, checkpoints (tlog-checkpoint) and cosignatures (tlog-cosignature/v1), Ed25519.

A signed note is a text ending in a newline, a blank line, then lines ``— <name> base64(key id || sig)``.
The key id is the first 4 bytes of SHA-256(name || 0x0A || type || public key); type 0x01 is a plain
Ed25519 signature over the text, type 0x04 a timestamped witness cosignature whose signed message is
``cosignature/v1\\ntime <t>\\n`` followed by the checkpoint body. Verifier keys are written
``<name>+<key id hex>+<base64(type || public key)>``.

>>> v = Verifier.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
>>> v.name, v.key_id.hex(), v.type
('PeterNeumann', 'c74f20a3', 1)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from custodes.errors import ConfigError, IntegrityError

__all__ = [
    "COSIGNATURE_V1",
    "ED25519",
    "Checkpoint",
    "NoteSignature",
    "SignedNote",
    "Signer",
    "Verifier",
    "b64",
    "key_id",
    "unb64",
    "verify_checkpoint",
    "verify_quorum",
]

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
DASH = "\u2014"
MAX_SIGNATURES = 100


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str = "base64") -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise IntegrityError(f"{what}: {text[:60]!r} is not valid base64") from None


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    """SHA-256(name || 0x0A || type || public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


def _check_name(name: str) -> str:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise ConfigError(f"key name {name!r} must be non-empty, with no spaces and no '+'")
    return name


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True, slots=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {b64(self.key_id + self.signature)}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note's text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[NoteSignature, ...] = field(default=())

    @classmethod
    def parse(cls, data: bytes | str) -> SignedNote:
        try:
            raw = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise IntegrityError("signed note: not valid UTF-8") from None
        if any(ord(c) < 0x20 and c != "\n" for c in raw):
            raise IntegrityError("signed note: holds a control character")
        cut = raw.rfind("\n\n")
        if cut < 0 or not raw.endswith("\n"):
            raise IntegrityError("signed note: no blank line between the text and the signatures")
        text, sig_block = raw[: cut + 1], raw[cut + 2 :]
        sigs: list[NoteSignature] = []
        for line in sig_block.splitlines():
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != DASH or not parts[1]:
                raise IntegrityError(f"signed note: malformed signature line {line[:80]!r}")
            blob = unb64(parts[2], "signature")
            if len(blob) < 5:
                raise IntegrityError(f"signed note: signature by {parts[1]} is too short")
            sigs.append(NoteSignature(parts[1], blob[:4], blob[4:]))
        if not sigs:
            raise IntegrityError("signed note: no signature lines")
        if len(sigs) > MAX_SIGNATURES:
            raise IntegrityError(f"signed note: more than {MAX_SIGNATURES} signatures")
        return cls(text, tuple(sigs))

    def format(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


@dataclass(frozen=True, slots=True)
class Verifier:
    """A public key that verifies one signature type under one name."""

    name: str
    type: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.type, self.public_key)

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64(bytes([self.type]) + self.public_key)}"

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise ConfigError(f"verifier key {vkey[:80]!r}: expected <name>+<key id hex>+<base64 key>")
        name, hex_id, material = parts
        _check_name(name)
        try:
            kid = bytes.fromhex(hex_id)
            raw = base64.b64decode(material, validate=True)
        except (ValueError, binascii.Error):
            raise ConfigError(f"verifier key {vkey[:80]!r}: key id or key is not hex/base64") from None
        if len(kid) != 4 or len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise ConfigError(f"verifier key {vkey[:80]!r}: not an Ed25519 (0x01) or cosignature/v1 (0x04) key")
        v = cls(name, raw[0], raw[1:])
        if v.key_id != kid:
            raise ConfigError(f"verifier key {vkey[:80]!r}: key id {hex_id} does not match the key")
        return v

    def matches(self, sig: NoteSignature) -> bool:
        return sig.name == self.name and sig.key_id == self.key_id

    def verify(self, text: str, sig: NoteSignature) -> bool:
        """Check one signature on a note's text (for cosignatures the text must be a checkpoint body)."""
        if not self.matches(sig):
            return False
        key = Ed25519PublicKey.from_public_bytes(self.public_key)
        if self.type == ED25519:
            message, raw = text.encode("utf-8"), sig.signature
        else:
            if len(sig.signature) != 72:
                return False
            (timestamp,) = struct.unpack(">Q", sig.signature[:8])
            if timestamp >= 1 << 63:
                return False
            message, raw = _cosigned_message(text, timestamp), sig.signature[8:]
        try:
            key.verify(raw, message)
        except InvalidSignature:
            return False
        return True

    @staticmethod
    def cosignature_time(sig: NoteSignature) -> int:
        return int(struct.unpack(">Q", sig.signature[:8])[0])


def _cosigned_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


class Signer:
    """A private key that signs notes (type 0x01) or cosigns checkpoints (type 0x04). Never printed."""

    def __init__(self, name: str, key: Ed25519PrivateKey, sig_type: int = ED25519) -> None:
        self.name = _check_name(name)
        self._key = key
        self.type = sig_type
        self.verifier = Verifier(name, sig_type, _raw_public(key.public_key()))

    def __repr__(self) -> str:
        return f"Signer({self.verifier.vkey!r})"

    @classmethod
    def generate(cls, name: str, sig_type: int = ED25519) -> Signer:
        return cls(name, Ed25519PrivateKey.generate(), sig_type)

    @classmethod
    def parse(cls, skey: str) -> Signer:
        """``PRIVATE+KEY+<name>+<key id hex>+<base64(type || seed)>`` (the Go note package's form)."""
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise ConfigError("private key file: expected PRIVATE+KEY+<name>+<key id>+<base64 key>")
        try:
            raw = base64.b64decode(parts[4], validate=True)
        except (ValueError, binascii.Error):
            raise ConfigError("private key file: the key is not base64") from None
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise ConfigError("private key file: not an Ed25519 key")
        signer = cls(parts[2], Ed25519PrivateKey.from_private_bytes(raw[1:]), raw[0])
        if signer.verifier.key_id.hex() != parts[3].lower():
            raise ConfigError("private key file: the key id does not match the key")
        return signer

    def renamed(self, name: str) -> Signer:
        """The same key under another name (its key id changes with the name)."""
        return Signer(name, self._key, self.type)

    def private_text(self) -> str:
        seed = self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{b64(bytes([self.type]) + seed)}\n"

    def sign(self, text: str, timestamp: int | None = None) -> NoteSignature:
        """Sign a note text; a cosigner (type 0x04) needs the POSIX ``timestamp``."""
        if self.type == ED25519:
            return NoteSignature(self.name, self.verifier.key_id, self._key.sign(text.encode("utf-8")))
        if timestamp is None or not 0 <= timestamp < 1 << 63:
            raise ValueError("a cosignature needs a POSIX timestamp")
        sig = self._key.sign(_cosigned_message(text, timestamp))
        return NoteSignature(self.name, self.verifier.key_id, struct.pack(">Q", timestamp) + sig)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tlog-checkpoint body: origin, tree size, root hash (and optional extension lines)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{b64(self.root)}\n" + "".join(e + "\n" for e in self.extensions)

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise IntegrityError("checkpoint: expected origin, size and root hash lines")
        origin, size, root_b64, *ext = lines[:-1]
        if not origin:
            raise IntegrityError("checkpoint: empty origin line")
        if not size.isdigit() or (size != "0" and size.startswith("0")):
            raise IntegrityError(f"checkpoint: size {size[:30]!r} is not a decimal number")
        root = unb64(root_b64, "checkpoint root hash")
        if len(root) != 32:
            raise IntegrityError("checkpoint: the root hash is not 32 bytes")
        if any(not e for e in ext):
            raise IntegrityError("checkpoint: empty extension line")
        return cls(origin, int(size), root, tuple(ext))


def verify_checkpoint(data: bytes | str, log: Verifier) -> tuple[Checkpoint, SignedNote]:
    """Parse a signed checkpoint and check the log's signature; raises IntegrityError naming the fault."""
    note = SignedNote.parse(data)
    mine = [s for s in note.signatures if log.matches(s)]
    if not mine:
        raise IntegrityError(f"checkpoint: no signature by the log key {log.name}+{log.key_id.hex()}")
    if not all(log.verify(note.text, s) for s in mine):
        raise IntegrityError(f"checkpoint: the signature by {log.name} does not verify (forged or altered)")
    cp = Checkpoint.from_text(note.text)
    if cp.origin != log.name:
        raise IntegrityError(f"checkpoint: origin {cp.origin!r} is not the log key's name {log.name!r}")
    return cp, note


def verify_quorum(note: SignedNote, witnesses: Sequence[Verifier], quorum: int) -> list[Verifier]:
    """The witnesses whose cosignature verifies; raises IntegrityError below ``quorum`` of them.

    Signatures from unknown keys are ignored (C2SP signed-note); a known key's bad signature is an error.
    """
    good: list[Verifier] = []
    for w in witnesses:
        sigs = [s for s in note.signatures if w.matches(s)]
        if not sigs:
            continue
        if not all(w.verify(note.text, s) for s in sigs):
            raise IntegrityError(f"cosignature by witness {w.name} does not verify")
        good.append(w)
    if len(good) < quorum:
        raise IntegrityError(f"checkpoint has {len(good)} valid witness cosignatures; the policy needs {quorum}")
    return good
