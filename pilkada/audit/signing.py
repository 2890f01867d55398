"""Ed25519 keys and signatures for audit checkpoints.

The private key comes from PILKADA_AUDIT_SIGNING_KEY (base64 of the 32 raw bytes) or, when that
is not set, from `<PILKADA_VAR_DIR>/audit-signing.key`, created with mode 0600 on first use.
"""

import base64
import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "audit-signing.key"


def private_key() -> Ed25519PrivateKey:
    raw_b64 = os.environ.get("PILKADA_AUDIT_SIGNING_KEY", "")
    if raw_b64:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw_b64))
    path = _key_file()
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        # Written whole to a private temporary file, then linked into place: a process that
        # loses the race reads the winner's complete key, never a half-written one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64encode(key.private_bytes_raw()))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_bytes()))


def public_key_b64(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def checkpoint_message(seq: int, chain_hash: str, at: datetime) -> bytes:
    return f"pilkada-audit-checkpoint/1\n{seq}\n{chain_hash}\n{at.isoformat()}".encode()


def verify_signature(public_b64: str, signature_hex: str, message: bytes) -> bool:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64))
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
