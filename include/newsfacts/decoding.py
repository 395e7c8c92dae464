"""Turn the bytes of an input file into text, or say clearly why they are not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Signatures of common binary formats that people rename or drop into feeds by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x7fELF": "an executable",
}
# C0 controls other than tab, newline and carriage return, plus DEL: never meaningful in article text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are not an article's text; the message says why in plain words."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    notes: tuple[str, ...] = ()


def decode_article_bytes(data: bytes) -> DecodedText:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 text.

    Line endings become LF and stray control characters are removed; each such normalisation is
    returned as a note so that it is recorded beside the landed article.
    """
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise NotText(f"binary file: the bytes are {kind}, not text")
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
        notes.append("UTF-8 byte order mark removed")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
        notes.append("decoded from UTF-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if data.count(0) > 0:
                raise NotText(f"binary file: not valid UTF-8 at byte {exc.start} and contains NUL bytes") from exc
            text = data.decode("cp1252", errors="replace")
            notes.append(f"not valid UTF-8 (byte {exc.start}): decoded as Windows-1252")
    if _looks_binary(text):
        raise NotText("binary file: more than 10% of its characters are control characters")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("line endings normalised to LF")
    cleaned = _CONTROL_CHARS.sub("", text)
    if cleaned != text:
        notes.append(f"{len(text) - len(cleaned)} control characters removed")
    return DecodedText(cleaned, tuple(notes))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL_CHARS.findall(sample)) > 0.1 * len(sample)
