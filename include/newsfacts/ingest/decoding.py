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
_SAMPLE_BYTES = 4096


class NotText(ValueError):
    """The bytes are not an article's text; the message says why in plain words."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    notes: tuple[str, ...] = ()


def decode_article_bytes(data: bytes) -> DecodedText:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 text.

    Line endings become LF and stray control characters are removed; each such normalisation is
    returned as a note so that it is recorded beside the landed article. Raises NotText with a plain
    reason for binary files and undecodable text.
    """
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise NotText(f"binary file: the bytes are {kind}, not text")
    if _looks_like_utf16_without_bom(data):
        raise NotText("text in UTF-16 without a byte order mark (every other byte is NUL): "
                      "save it as UTF-8, or as UTF-16 with a byte order mark")
    text, notes = _decode(data)
    if _looks_binary(text):
        raise NotText("binary file: more than 10% of its first characters are control characters")
    cleaned = normalise_text(text)
    return DecodedText(cleaned.text, (*notes, *cleaned.notes))


def normalise_text(text: str) -> DecodedText:
    """LF line endings and no control characters, with a note for each change (for text from JSON too)."""
    notes: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("line endings normalised to LF")
    cleaned = _CONTROL_CHARS.sub("", text)
    if len(cleaned) != len(text):
        notes.append(f"{len(text) - len(cleaned)} control characters removed")
    return DecodedText(cleaned, tuple(notes))


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), ("UTF-8 byte order mark removed",)
        except UnicodeDecodeError as exc:
            raise NotText(f"starts with a UTF-8 byte order mark but is not valid UTF-8 at byte "
                          f"{exc.start + len(codecs.BOM_UTF8)}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ("decoded from UTF-16",)
        except UnicodeDecodeError as exc:
            raise NotText(f"starts with a UTF-16 byte order mark but is not valid UTF-16: {exc.reason}") from exc
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        if 0 in data:
            raise NotText(f"binary file: not valid UTF-8 at byte {exc.start} and contains NUL bytes") from exc
        return (data.decode("cp1252", errors="replace"),
                (f"not valid UTF-8 (byte {exc.start}): decoded as Windows-1252",))


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """ASCII-range text saved as UTF-16 has a NUL in every other byte (odd ones for LE, even ones for BE)."""
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 8 or 0 not in sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) >= 0.9 * len(half) for half in halves) and not all(
        half.count(0) >= 0.9 * len(half) for half in halves)


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    return bool(sample) and len(_CONTROL_CHARS.findall(sample)) > 0.1 * len(sample)
