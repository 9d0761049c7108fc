"""A C2SP tlog-witness: keeps the last checkpoint per log origin, checks consistency, cosigns.

:func:`add_checkpoint` is the ``add-checkpoint`` call as a plain function (request body in, status,
content type and body out) for the web layer to wrap. The witness's directory holds ``witness.key``
(mode 0600, a cosignature/v1 Ed25519 key), ``witness.vkey``, ``logs.json`` (the trusted log keys per
origin) and ``state.json`` (the last cosigned size and root per origin, updated atomically under a lock).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custodes.errors import ConfigError, CustodesError
from custodes.ledger.files import file_lock, write_atomic
from custodes.ledger.keys import ensure_key, load_key
from custodes.ledger.merkle import HASH_SIZE, verify_consistency
from custodes.ledger.note import (
    ED25519,
    Checkpoint,
    SignedNote,
    Signer,
    Verifier,
    b64,
    unb64,
)
from custodes.ledger.tiles import Fetch, TileReader

__all__ = ["Witness", "WitnessResponse", "add_checkpoint", "build_request"]

KEY, VKEY, LOGS, STATE, LOCK = "witness.key", "witness.vkey", "logs.json", "state.json", ".witness.lock"
MAX_PROOF_LINES = 63


@dataclass(frozen=True, slots=True)
class WitnessResponse:
    status: int
    content_type: str
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200


def _text(status: int, message: str) -> WitnessResponse:
    return WitnessResponse(status, "text/plain; charset=utf-8", (message + "\n").encode())


class Witness:
    """One witness: its key, the logs it trusts and what it last cosigned for each."""

    def __init__(self, directory: Path, clock: Callable[[], float] = time.time) -> None:
        self.dir = directory
        self.clock = clock
        self.signer: Signer = load_key(directory / KEY)

    @classmethod
    def init(cls, directory: Path, name: str) -> Witness:
        ensure_key(directory, name, file=KEY, vkey_file=VKEY, cosigner=True)
        return cls(directory)

    # -- configuration ------------------------------------------------------------------------------
    def logs(self) -> dict[str, list[Verifier]]:
        path = self.dir / LOGS
        if not path.exists():
            return {}
        raw: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return {origin: [Verifier.parse(v) for v in keys] for origin, keys in raw.items()}

    def trust(self, vkey: str) -> Verifier:
        """Trust a log's checkpoint key; the key's name is the log's origin."""
        v = Verifier.parse(vkey)
        if v.type != ED25519:
            raise ConfigError("a log's checkpoint key must be a plain Ed25519 (type 0x01) key")
        with file_lock(self.dir / LOCK):
            logs = {o: [k.vkey for k in ks] for o, ks in self.logs().items()}
            keys = logs.setdefault(v.name, [])
            if v.vkey not in keys:
                keys.append(v.vkey)
            write_atomic(self.dir / LOGS, json.dumps(logs, indent=2, sort_keys=True).encode())
        return v

    def state(self) -> dict[str, dict[str, Any]]:
        path = self.dir / STATE
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def latest(self, origin: str) -> tuple[int, bytes | None]:
        item = self.state().get(origin)
        return (0, None) if item is None else (int(item["size"]), unb64(item["root"]))

    # -- add-checkpoint ----------------------------------------------------------------------------
    def add_checkpoint(self, body: bytes) -> WitnessResponse:
        """C2SP tlog-witness ``add-checkpoint``: verify, check consistency, record, cosign."""
        try:
            old, proof, note = _parse_request(body)
            cp = Checkpoint.from_text(note.text)
        except (CustodesError, ValueError) as exc:
            return _text(400, f"bad request: {exc}")
        keys = self.logs().get(cp.origin)
        if not keys:
            return _text(404, f"unknown log origin {cp.origin!r}")
        if not any(k.verify(note.text, s) for k in keys for s in note.signatures if k.matches(s)):
            return _text(403, "no signature from a trusted key of this log verifies")
        if old > cp.size:
            return _text(400, f"old size {old} is larger than the checkpoint's size {cp.size}")
        with file_lock(self.dir / LOCK):
            latest, latest_root = self.latest(cp.origin)
            if old != latest:
                return WitnessResponse(409, "text/x.tlog.size", f"{latest}\n".encode())
            if old == cp.size:
                if latest_root is not None and latest_root != cp.root:
                    return _text(409, "same size as the latest cosigned checkpoint but a different root hash")
                if proof:
                    return _text(422, "the consistency proof must be empty for an unchanged size")
            elif old == 0:
                if proof:
                    return _text(422, "the consistency proof must be empty when the old size is 0")
            elif latest_root is None or not verify_consistency(old, cp.size, latest_root, cp.root, proof):
                return _text(422, f"the consistency proof from size {old} to {cp.size} does not verify")
            state = self.state()
            state[cp.origin] = {"size": cp.size, "root": b64(cp.root)}
            write_atomic(self.dir / STATE, json.dumps(state, indent=2, sort_keys=True).encode())
        sig = self.signer.sign(note.text, int(self.clock()))
        return WitnessResponse(200, "text/plain; charset=utf-8", sig.line().encode())


def add_checkpoint(witness: Witness, request_body: bytes) -> WitnessResponse:
    """The add-checkpoint call as a plain function, for the web layer to wrap."""
    return witness.add_checkpoint(request_body)


def _parse_request(body: bytes) -> tuple[int, list[bytes], SignedNote]:
    text = body.decode("utf-8")
    head, sep, rest = text.partition("\n\n")
    if not sep:
        raise ValueError("expected an old size line, proof lines, an empty line, then the checkpoint")
    lines = head.split("\n")
    first = lines[0]
    if not first.startswith("old ") or not first[4:].isdigit() or (first[4:] != "0" and first[4] == "0"):
        raise ValueError(f"the first line must be 'old <size>', got {first[:40]!r}")
    proof = [unb64(line, "consistency proof line") for line in lines[1:]]
    if len(proof) > MAX_PROOF_LINES or any(len(p) != HASH_SIZE for p in proof):
        raise ValueError("at most 63 consistency proof lines of 32-byte hashes")
    return int(first[4:]), proof, SignedNote.parse(rest)


def build_request(fetch: Fetch, old: int) -> tuple[bytes, SignedNote]:
    """The client side: an add-checkpoint request for the log behind ``fetch`` from size ``old``."""
    note = SignedNote.parse(fetch("checkpoint"))
    cp = Checkpoint.from_text(note.text)
    proof = [] if old == 0 or old >= cp.size else TileReader(fetch, cp.size).consistency(old)
    body = f"old {old}\n" + "".join(b64(p) + "\n" for p in proof) + "\n" + note.format()
    return body.encode("utf-8"), note
