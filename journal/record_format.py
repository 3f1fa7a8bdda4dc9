"""How one encrypted record is framed: a header naming the format and the data key's version,
then AES-256-GCM over the text padded to a bucket, under subkeys of the person's data key.

Only the keyring (journal/keyring.py) uses these; they stand apart so the keyring holds what
opens and uses keys, and this what a record looks like.
"""

from __future__ import annotations

import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.server_wraps import Blob, DecryptionError

FORMAT = 1
HEADER = struct.Struct(">BI")  # format version, data-key version
NONCE_BYTES = 12
KEY_BYTES = 32
# Lengths are padded to a multiple of this, so a record's size says little about its text.
PAD_BUCKET = 64

PURPOSE = "waypoint/record/v1"
HKDF_ENCRYPTION = b"waypoint record encryption v1"
HKDF_BLIND_INDEX = b"waypoint blind index v1"


def pad(data: bytes) -> bytes:
    framed = struct.pack(">I", len(data)) + data
    return framed + b"\0" * (-len(framed) % PAD_BUCKET)


def unpad(data: bytes) -> bytes:
    (length,) = struct.unpack(">I", data[:4])
    if length > len(data) - 4:
        raise DecryptionError("The record's length does not match its contents.")
    return data[4 : 4 + length]


def subkey(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(data_key)


def record_data_key_version(blob: Blob) -> int:
    """The data-key version a record was written with (for rotation progress), without decrypting."""
    blob = bytes(blob)
    if len(blob) < HEADER.size:
        raise DecryptionError("The record is too short to be a Waypoint ciphertext.")
    _format, version = HEADER.unpack_from(blob)
    return int(version)
