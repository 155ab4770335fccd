"""Hashes, base64 and random identifiers: digest, base64-decode, uuid, random."""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
import secrets
import string
import uuid
from types import MappingProxyType

from forms.expressions.signature import Function
from forms.expressions.values import to_string, whole_number

DIGEST_ALGORITHMS = MappingProxyType({
    "MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
})
DIGEST_ENCODINGS = ("base64", "hex")
_GUID_ALPHABET = string.digits + string.ascii_uppercase  # Collect's uuid(n): base-36, upper case
MAX_GUID_LENGTH = 1000


def _digest(context, data, algorithm, encoding="base64"):
    """Hash `data` (UTF-8); '' for an algorithm or encoding ODK does not list."""
    name = DIGEST_ALGORITHMS.get(to_string(algorithm))
    encoding = to_string(encoding)
    if name is None or encoding not in DIGEST_ENCODINGS:
        return ""
    digest = hashlib.new(name, to_string(data).encode("utf-8")).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode("ascii")


def _base64_decode(context, value):
    """Decode base64 text to UTF-8 text; '' when it is not base64, as in Collect."""
    try:
        data = base64.b64decode(to_string(value).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return ""
    return data.decode("utf-8", errors="replace")


def _uuid(context, length=None):
    """A version 4 UUID; with `length`, that many random base-36 characters (at most 1000)."""
    if length is None:
        return str(uuid.uuid4())
    count = max(0, min(MAX_GUID_LENGTH, whole_number(length)))
    return "".join(secrets.choice(_GUID_ALPHABET) for _ in range(count))


ENCODING_FUNCTIONS = MappingProxyType({
    "digest": Function(2, 3, _digest),
    "base64-decode": Function(1, 1, _base64_decode),
    "uuid": Function(0, 1, _uuid),
    "random": Function(0, 0, lambda context: random.random()),
})
