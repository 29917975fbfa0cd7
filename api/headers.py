"""Response headers built safely: a download's file name in `Content-Disposition` by RFC 6266 and RFC 5987."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote


def _clean(name: str) -> str:
    """No control characters, path separators or quotes; at most 120 characters."""
    out = "".join(
        "_" if ch in '/\\"' or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch
        for ch in name
    )
    return " ".join(out.split())[:120].strip(". ") or "report"


def ascii_fallback(name: str) -> str:
    """`Raport-Łódź` -> `Raport-Lodz`: accents dropped, anything else beyond printable ASCII as `_`."""
    folded = unicodedata.normalize("NFKD", name.replace("Ł", "L").replace("ł", "l"))
    out = "".join(ch if 32 <= ord(ch) < 127 else ("" if unicodedata.combining(ch) else "_") for ch in folded)
    return out.replace("%", "_").replace(";", "_") or "report"


def attachment(stem: str | None, suffix: str) -> dict[str, str]:
    """`Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''utf8` for `stem + suffix`."""
    name = _clean(stem or "report") + suffix
    fallback = ascii_fallback(name)
    value = f'attachment; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return {"Content-Disposition": value}
