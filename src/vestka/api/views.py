"""The endpoints of /api/v1/: thin readers over registry selectors and public serialisers."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from vestka.api import schemas
from vestka.api.errors import ApiError
from vestka.registry import public, selectors
from vestka.registry.models import Person
from vestka.site.pagecache import public_page

people = Router(tags=["people"])
facilities = Router(tags=["facilities"])
articles = Router(tags=["articles"])


# Pagination


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    pagination: schemas.Pagination,
    serialise: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of ``queryset`` in the API's list shape, with links to its neighbours."""
    page, page_size = pagination.page, pagination.page_size
    count = queryset.count()
    pages = max(1, math.ceil(count / page_size))
    if page > pages:
        raise ApiError(
            404,
            "page_not_found",
            f"There is no page {page}: with {page_size} per page there "
            f"{'is' if pages == 1 else 'are'} {pages} page{'' if pages == 1 else 's'}.",
            [{"location": "query", "parameter": "page", "message": f"must be at most {pages}"}],
        )
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": _page_url(request, page + 1) if page < pages else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "results": [serialise(obj) for obj in queryset[start : start + page_size]],
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    # SITE_URL, like every absolute link the API gives, not the Host header.
    return f"{settings.SITE_URL}{request.path}?{query.urlencode()}"


# People


@people.get(
    "",
    response={200: schemas.PeoplePage, **schemas.PAGE_ERRORS},
    summary="List people",
    url_name="people",
)
@decorate_view(public_page)
def people_list(
    request: HttpRequest,
    filters: Query[schemas.PeopleQuery],
    pagination: Query[schemas.Pagination],
):
    """People in the registry, filtered, by name in alphabetical order, one page at a time."""
    people_qs = selectors.people_list(
        filters=selectors.PeopleFilter(
            status=filters.status or "",
            article=filters.article or "",
            facility=filters.facility,
            region=filters.region or "",
            gender=filters.gender or "",
            tag=filters.tag or "",
            country=filters.country or "",
            name=filters.q or "",
        )
    )
    serialise = _person_with_match if filters.q else public.person_summary
    return paginate(request, people_qs, pagination, serialise)


def _person_with_match(person: Person) -> dict[str, Any]:
    return {
        **public.person_summary(person),
        "match": {
            "score": person.match_score,  # type: ignore[attr-defined]
            "name": person.match_name,  # type: ignore[attr-defined]
            "form": person.match_form,  # type: ignore[attr-defined]
        },
    }


def _person_redirect(pk: int) -> HttpResponsePermanentRedirect:
    """A 301 to the API address of the person a merged person was merged into."""
    path = reverse("api:person", kwargs={"person_id": pk})
    return HttpResponsePermanentRedirect(public.absolute_url(path))


def _person_response(pk: int) -> dict[str, Any]:
    try:
        person = selectors.person_detail(pk=pk)
    except Person.DoesNotExist:
        raise ApiError(404, "person_not_found", f"There is no person with id {pk}.") from None
    return public.person_public(person, timeline=selectors.person_timeline(person=person))


@people.get(
    "/by-source-id/{source_id}",
    response={200: schemas.PersonDetail, 301: None, **schemas.DETAIL_ERRORS},
    summary="One person, by the id in the imported list",
    url_name="person-by-source-id",
)
@decorate_view(public_page)
def person_by_source_id(request: HttpRequest, source_id: Path[str]):
    """Everything public about one person, found by their id in the source list (Viasna's id).
    The source id of a person merged into another leads (301) to the person kept."""
    pk = selectors.person_pk_by_source_id(source_id=source_id)
    if pk is None:
        kept = selectors.person_redirect_by_source_id(source_id=source_id)
        if kept is not None:
            return _person_redirect(kept)
        raise ApiError(404, "person_not_found", f"There is no person with source id {source_id!r}.")
    return _person_response(pk)


@people.get(
    "/{person_id}",
    response={200: schemas.PersonDetail, 301: None, **schemas.DETAIL_ERRORS},
    summary="One person",
    url_name="person",
)
@decorate_view(public_page)
def person_detail(request: HttpRequest, person_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """Everything public about one person: names, story, prosecutions and sourced events.
    The id of a person merged into another leads (301) to the person kept."""
    try:
        return _person_response(person_id)
    except ApiError:
        kept = selectors.person_redirect(old_id=person_id)
        if kept is None:
            raise
        return _person_redirect(kept)


# Facilities


@facilities.get(
    "",
    response={200: schemas.FacilitiesPage, **schemas.PAGE_ERRORS},
    summary="List facilities",
    url_name="facilities",
)
@decorate_view(public_page)
def facilities_list(
    request: HttpRequest,
    filters: Query[schemas.FacilitiesQuery],
    pagination: Query[schemas.Pagination],
):
    """Prisons, colonies and detention centres with their envelope addresses."""
    facilities_qs = selectors.facilities_list(
        country=filters.country or "", region=filters.region or "", kind=filters.kind or ""
    )
    return paginate(request, facilities_qs, pagination, public.facility_public)


@facilities.get(
    "/{facility_id}",
    response={200: schemas.FacilityDetail, **schemas.DETAIL_ERRORS},
    summary="One facility",
    url_name="facility",
)
@decorate_view(public_page)
def facility_detail(request: HttpRequest, facility_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One facility, with the number of political prisoners it holds now."""
    facility = selectors.facilities_list().filter(pk=facility_id).first()
    if facility is None:
        raise ApiError(404, "facility_not_found", f"There is no facility with id {facility_id}.")
    held = selectors.people_behind_bars_now().filter(facility=facility).count()
    return {**public.facility_public(facility), "people_behind_bars": held}


# Articles


@articles.get(
    "",
    response={200: schemas.ArticleList, **schemas.LIST_ERRORS},
    summary="List criminal-code articles",
    url_name="articles",
)
@decorate_view(public_page)
def articles_list(request: HttpRequest, filters: Query[schemas.ArticlesQuery]):
    """Criminal-code articles in code order, each with how many people behind bars now
    are prosecuted under it."""
    results = [
        {**public.article_public(article), "people_behind_bars": held}
        for article, held in selectors.articles_with_people_behind_bars(
            country=filters.country or ""
        )
    ]
    return {"count": len(results), "results": results}
