"""Schemathesis hooks of the contract test (loaded by run.sh via SCHEMATHESIS_HOOKS).

They teach the generator the two rules of `PUT /v1/uploads/{sha256}` that no
OpenAPI document can state, so that its schema-valid uploads are real ones:

- the bytes are a file of the media type sent as Content-Type (the server checks
  magic numbers: 422 `content_mismatch` otherwise; docs/api/README.md, "Limits");
- the path's `sha256` is the SHA-256 of the body (422 `hash_mismatch` otherwise).

Everything else (which media types, the hash's pattern, lengths, enums, bodies
per request type, ...) is in the document itself; nothing here drops or narrows
what the document allows.
"""

import hashlib

import schemathesis
from hypothesis import strategies as st

UPLOAD_PATH = "/v1/uploads/{sha256}"

# The magic number each binary media type must start with (desk-core's attachments.rs).
ZIP = b"PK\x03\x04"
MAGIC = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff\xe0",
    "application/zip": ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ZIP,
    "application/vnd.etsi.asic-e+zip": ZIP,
}
TEXT = ("text/plain", "text/csv", "message/rfc822")

for media_type, magic in MAGIC.items():
    schemathesis.openapi.media_type(
        media_type, st.binary(max_size=2048).map(lambda rest, magic=magic: magic + rest)
    )

# Text: any UTF-8 without NUL; the fixed first word keeps it from starting with
# another format's magic number (e.g. "%PDF-"), which would make it that file.
_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=512)
for media_type in TEXT:
    schemathesis.openapi.media_type(media_type, _text.map(lambda t: ("Note " + t).encode("utf-8")))


@schemathesis.hook
def map_case(context, case):
    if case.operation.path == UPLOAD_PATH and case.method.upper() == "PUT":
        body = case.body if isinstance(case.body, bytes) else b""
        case.path_parameters = {**(case.path_parameters or {}), "sha256": hashlib.sha256(body).hexdigest()}
    return case
