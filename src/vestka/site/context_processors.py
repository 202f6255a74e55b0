from django.conf import settings

from vestka.registry.selectors import registry_has_demo_data


def site(request):
    """What every page needs: whether the data is fictional, and the site's address."""
    return {"demo_data": registry_has_demo_data(), "site_url": settings.SITE_URL}
