"""Share links as plain URLs of each network's own share page (no third-party script on
our pages). They are reached through ``campaigns:share``, which counts the click."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from vestka.campaigns.models import ShareEvent

Network = ShareEvent.Network


def share_url(*, network: str, url: str, text: str, hashtag: str = "") -> str:
    """The address of ``network``'s page that shares ``url`` with ``text`` and a hashtag
    (without "#"). Raises ValueError for a network there is none for."""
    tagged = f"{text} #{hashtag}" if hashtag else text
    builders = {
        Network.EMAIL: lambda: (
            "mailto:?" + urlencode({"subject": text, "body": f"{tagged}\n\n{url}"}, quote_via=quote)
        ),
        Network.TELEGRAM: lambda: (
            "https://t.me/share/url?" + urlencode({"url": url, "text": tagged}, quote_via=quote)
        ),
        Network.X: lambda: (
            "https://x.com/intent/post?"
            + urlencode(
                {"text": text, "url": url, **({"hashtags": hashtag} if hashtag else {})},
                quote_via=quote,
            )
        ),
        Network.FACEBOOK: lambda: (
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)
        ),
        Network.WHATSAPP: lambda: (
            "https://wa.me/?" + urlencode({"text": f"{tagged} {url}"}, quote_via=quote)
        ),
    }
    return builders[Network(network)]()
