"""Files only their owner reads: the generated passwords and the configs that hold them."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Replace `path` by a file of mode 0600 holding `text` (created so, never readable by others meanwhile)."""
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
        handle.write(text)


def read_or_create_secret(path: Path) -> str:
    """The password kept in `path`, generated (secrets.token_urlsafe) and written 0600 the first time."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(24)
    write_private(path, password)
    return password
