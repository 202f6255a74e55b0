"""Share links as plain addresses: no third-party script runs on Vestka's pages, and a
supporter's browser talks to a social network only when they follow the link.

No Django import: the caller passes the page's address and the words to share.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    network: str  # a stable key for styling and tests: telegram, x, facebook, vk, email
    label: str
    href: str


def share_links(*, url: str, text: str, email_label: str) -> list[ShareLink]:
    """Links that open each network's own share dialog with the page's address and text."""
    return [
        ShareLink(
            "telegram",
            "Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": text}),
        ),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": text})),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink("vk", "VK", "https://vk.com/share.php?" + urlencode({"url": url, "title": text})),
        ShareLink(
            "email",
            email_label,
            f"mailto:?subject={quote(text)}&body={quote(text + chr(10) + url)}",
        ),
    ]
