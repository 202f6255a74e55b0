"""The shapes of the API's responses and query parameters, for validation and OpenAPI.

The data itself comes only from ``vestka.registry.public``: these schemas
describe (and, on the way out, filter) what those functions return, so a field
that is not public there cannot appear here. ``tests/api`` checks that every
public field is documented.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticUseDefault

from vestka.registry.models import Event, Facility, Person, PersonName, Prosecution
from vestka.registry.selectors import STATUS_CHOICES

# The largest id the databases can hold; a larger number is refused, not sent to SQL.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50

Status = Literal[STATUS_CHOICES]  # type: ignore[valid-type]
Custody = Literal[tuple(Person.CustodyState.values)]  # type: ignore[valid-type]
Gender = Literal[tuple(v for v in Person.Gender.values if v)]  # type: ignore[valid-type]
FacilityKind = Literal[tuple(Facility.Kind.values)]  # type: ignore[valid-type]
NameForm = Literal[tuple(PersonName.Form.values)]  # type: ignore[valid-type]
EventKind = Literal[tuple(Event.Kind.values)]  # type: ignore[valid-type]
SentenceKind = Literal[tuple(v for v in Prosecution.SentenceKind.values if v)]  # type: ignore[valid-type]
ReleaseReason = Literal[tuple(v for v in Event.ReleaseReason.values if v)]  # type: ignore[valid-type]


# Errors


class ErrorBody(Schema):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(
        description="A stable snake_case code, e.g. not_found, person_not_found, page_not_found, "
        "invalid_parameters, method_not_allowed, internal_error."
    )
    message: str = Field(description="What went wrong, for people.")
    details: list[dict[str, Any]] = Field(
        description="For invalid parameters, one entry per problem: location, parameter, "
        "message and type."
    )


class Error(Schema):
    error: ErrorBody


# The errors each kind of endpoint documents (every endpoint may answer 405 and 500).
LIST_ERRORS = {405: Error, 422: Error, 500: Error}
PAGE_ERRORS = {404: Error, **LIST_ERRORS}  # 404: page_not_found
DETAIL_ERRORS = {404: Error, 405: Error, 422: Error, 500: Error}


# Query parameters


class _Query(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def empty_means_absent(cls, value: Any) -> Any:
        # An HTML form sends empty fields; an empty parameter counts as not given.
        if value == "":
            raise PydanticUseDefault()
        return value


class Pagination(_Query):
    page: int = Field(1, ge=1, description="The page, counted from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page."
    )


class PeopleQuery(_Query):
    status: Status | None = Field(
        None,
        description="active (a recognised political prisoner behind bars), former (released "
        "or dead), np (not, or not yet, recognised), or a custody state.",
    )
    article: str | None = Field(
        None, max_length=20, description="A criminal-code article number, e.g. 361-1."
    )
    facility: int | None = Field(
        None, ge=1, le=MAX_ID, description="The id of the facility holding the person now."
    )
    region: str | None = Field(
        None, max_length=40, description="The code of the region of the current facility."
    )
    gender: Gender | None = None
    tag: str | None = Field(None, max_length=100, description="A tag slug.")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. BY."
    )
    q: str | None = Field(
        None,
        max_length=200,
        description=(
            "A name in any spelling: Belarusian, Russian or Ukrainian Cyrillic, Łacinka, "
            "official or press romanisations, Polish, ISO 9, in any word order, with or "
            "without patronymic, with initials or a typo or two. Results are then ranked "
            "by how well they match (at most 200), and each says which form matched."
        ),
    )


class FacilitiesQuery(_Query):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. BY."
    )
    region: str | None = Field(None, max_length=40, description="A region code.")
    kind: FacilityKind | None = None


class ArticlesQuery(_Query):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. BY."
    )


# Registry records


class Translations(Schema):
    en: str
    be: str
    ru: str


class ArticleOut(Schema):
    country: str
    number: str = Field(description="The article number as the code writes it, e.g. 361-1.")
    title: Translations
    titles_verified: bool = Field(
        description="Whether an editor has checked the titles against the published code."
    )
    people_behind_bars: int = Field(
        description="Recognised political prisoners behind bars now whose prosecutions cite it."
    )


class FacilityOut(Schema):
    id: int
    country: str
    kind: FacilityKind
    name: str = Field(description="The name in the language asked for (Accept-Language).")
    names: Translations
    address: list[str] = Field(
        description="The envelope address, top to bottom: Cyrillic lines, then the country "
        "line in Latin letters."
    )
    postal_code: str
    region: str | None
    address_verified: bool
    address_source: str | None
    url: str


class FacilityDetail(FacilityOut):
    people_behind_bars: int = Field(description="Recognised political prisoners held here now.")


class _PersonBase(Schema):
    id: int
    source_id: str | None = Field(description="The person's id in the imported list (Viasna).")
    name: str
    status: Literal["active", "former", "np"] = Field(
        description="active: recognised and behind bars; former: released or dead; "
        "np: not (yet) recognised as a political prisoner."
    )
    custody: Custody = Field(description="Custody derived from the dated events.")
    recognised: bool
    gender: Gender | None
    birth_year: int | None
    country: str
    articles: list[str] = Field(description="Article numbers of all prosecutions, in code order.")
    facility_id: int | None
    region: str | None
    custody_since: datetime.date | None
    custody_until: datetime.date | None
    incommunicado: bool
    on_terrorist_list: bool = Field(description="On the state's 'terrorist' list.")
    tags: list[str]
    is_demo: bool = Field(description="A fictional demo record.")
    url: str


class PersonSummary(_PersonBase):
    facility: str | None = Field(description="The name of the facility holding the person now.")


class NameMatchOut(Schema):
    score: float = Field(description="How well the name matches the query, from 0.8 to 1.")
    name: str = Field(description="The written form of the person's name that matched best.")
    form: NameForm | Literal[""] = Field(
        description='The kind of that form; "" when it is the display name.'
    )


class PersonListItem(PersonSummary):
    match: NameMatchOut | None = Field(
        None, description="With ?q=: how the person's name matched the query."
    )


class PersonNameOut(Schema):
    form: NameForm
    text: str


class ProsecutionOut(Schema):
    articles: list[str]
    case_number: str
    detained_on: datetime.date | None
    verdict_on: datetime.date | None
    appeal_on: datetime.date | None
    court: str
    judge: str
    prosecutor: str
    counsel: str
    sentence: str = Field(description="The sentence as pronounced.")
    sentence_kind: SentenceKind | None
    term_months: int | None
    expected_release: datetime.date | None


class SourceOut(Schema):
    url: str | None
    publisher: str
    title: str
    published_on: datetime.date | None


class EventOut(Schema):
    kind: EventKind
    date: datetime.date | None
    description: str
    facility_id: int | None
    release_reason: ReleaseReason | None
    declaration_url: str | None
    source: SourceOut | None


class PersonDetail(_PersonBase):
    facility: FacilityOut | None = Field(description="The facility holding the person now.")
    names: list[PersonNameOut] = Field(description="Every recorded written form of the name.")
    biography: Translations
    photo: str | None
    prosecutions: list[ProsecutionOut]
    events: list[EventOut] = Field(description="What happened, in order, each with its source.")


# Lists


class _Page(Schema):
    count: int = Field(description="How many match, on all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The address of the next page, if any.")
    previous: str | None = Field(description="The address of the previous page, if any.")


class PeoplePage(_Page):
    results: list[PersonListItem]


class FacilitiesPage(_Page):
    results: list[FacilityOut]


class ArticleList(Schema):
    count: int
    results: list[ArticleOut]
