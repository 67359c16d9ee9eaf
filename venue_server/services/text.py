"""Free-text rules shared by every endpoint: graceful truncation at word boundaries, URL checks."""

from __future__ import annotations

from urllib.parse import urlparse


def truncate_words(text: str, limit: int) -> tuple[str, bool]:
    """Cut `text` to at most `limit` characters, at the last word boundary when there is one."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    if not text[limit].isspace():
        space = cut.rstrip().rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(), True


class Truncations:
    """Collects which fields were shortened, for the `truncated_fields` / `warning` pair in responses."""

    def __init__(self) -> None:
        self.fields: list[str] = []

    def apply(self, field: str, text: str, limit: int) -> str:
        out, cut = truncate_words(text, limit)
        if cut:
            self.fields.append(field)
        return out

    def report(self) -> dict[str, object]:
        if not self.fields:
            return {}
        n = len(self.fields)
        return {
            "truncated_fields": list(self.fields),
            "warning": f"{n} field{'s' if n != 1 else ''} {'was' if n == 1 else 'were'} truncated to fit length limits.",
        }


def is_valid_url(url: str, max_len: int = 200) -> bool:
    """An absolute http(s) URL with a real host, no whitespace, within the length limit."""
    if len(url) > max_len or any(c.isspace() for c in url):
        return False
    try:
        parsed = urlparse(url)
        host = parsed.hostname
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(host) and ("." in host or host == "localhost")
