"""What every form page shares: reading a posted form, checking its fields, and answering a refusal.

A form's GET shows it; its POST does the use case through the same domain service as the API, then
redirects (303) to a page that shows the result. A refusal (bad input, an illegal state change, a record
that does not exist, a permission the record's owner withholds) re-renders the form with the refusal's
message, by name, and the user's input kept: 422 for input, 409 for a state change the rules refuse.

>>> text({"a": " x "}, "a"), text({}, "a", required=False)
('x', '')
>>> whole({"n": "3"}, "n", low=1, high=9)
3
>>> refusal(InputError("too big", field="n")).field, refusal(IllegalTransition("x.y", "no")).status
('n', 409)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, overload

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from custodes.accounts.policy import Principal
from custodes.errors import CustodesError, IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.web.deps import FORM_CSRF_FIELD
from custodes.web.ui.render import page

__all__ = ["Fields", "Refusal", "choice", "day", "done", "instant", "number", "refusal", "show", "text", "whole"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_FIELDS = 60


async def _fields(request: Request) -> dict[str, str]:
    """The posted form's text fields (the CSRF token left out); files and repeated names are not used."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    form = await request.form(max_fields=MAX_FIELDS)
    return {k: v for k, v in form.items() if isinstance(v, str) and k != FORM_CSRF_FIELD}


#: the posted form, as a dependency of a POST route
Fields = Annotated[dict[str, str], Depends(_fields)]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refusal as a form shows it: the HTTP status, the message (naming the rule) and the field."""

    status: int
    message: str
    field: str | None = None
    name: str | None = None


def refusal(error: CustodesError) -> Refusal:
    if isinstance(error, IllegalTransition):
        return Refusal(409, str(error), None, error.name)
    if isinstance(error, InputError):
        return Refusal(422, error.problem, error.field)
    if isinstance(error, NotFound):
        return Refusal(422, str(error))
    if isinstance(error, PermissionDenied):
        return Refusal(403, str(error))
    return Refusal(422, str(error))


def show(request: Request, template: str, who: Principal, values: Mapping[str, Any] | None = None,
         error: Refusal | None = None, **context: Any) -> HTMLResponse:
    """Render a form page: the values to show in its fields and the refusal, if any."""
    return page(request, template, who, status_code=error.status if error else 200, values=dict(values or {}),
                error=error, **context)


def done(target: str) -> RedirectResponse:
    """After a POST that did its work: see the result (303, so a reload does not post again)."""
    return RedirectResponse(target, status_code=303)


# -- reading fields: each raises InputError naming the field ------------------------------------------
def text(form: Mapping[str, str], name: str, *, required: bool = True, max_length: int = 200) -> str:
    value = form.get(name, "").strip()
    if required and not value:
        raise InputError("is required", field=name)
    if len(value) > max_length:
        raise InputError(f"has at most {max_length} characters; got {len(value)}", field=name)
    if _CONTROL.search(value):
        raise InputError("holds control characters", field=name)
    return value


def choice(form: Mapping[str, str], name: str, options: Mapping[str, Any] | tuple[str, ...], *,
           required: bool = True) -> str:
    value = text(form, name, required=required, max_length=200)
    if value and value not in options:
        raise InputError(f"{value!r} is not one of the choices", field=name)
    return value


@overload
def whole(form: Mapping[str, str], name: str, *, low: int, high: int, required: Literal[True] = True) -> int: ...
@overload
def whole(form: Mapping[str, str], name: str, *, low: int, high: int, required: bool) -> int | None: ...
def whole(form: Mapping[str, str], name: str, *, low: int, high: int, required: bool = True) -> int | None:
    value = text(form, name, required=required, max_length=20)
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"{value!r} is not a whole number", field=name) from None
    if not low <= n <= high:
        raise InputError(f"is between {low} and {high}; got {n}", field=name)
    return n


@overload
def number(form: Mapping[str, str], name: str, *, low: float, high: float, required: Literal[True] = True
           ) -> float: ...
@overload
def number(form: Mapping[str, str], name: str, *, low: float, high: float, required: bool) -> float | None: ...
def number(form: Mapping[str, str], name: str, *, low: float, high: float, required: bool = True) -> float | None:
    value = text(form, name, required=required, max_length=30)
    if not value:
        return None
    try:
        x = float(value)
    except ValueError:
        raise InputError(f"{value!r} is not a number", field=name) from None
    if not low <= x <= high:  # also refuses NaN
        raise InputError(f"is between {low:g} and {high:g}; got {value}", field=name)
    return x


@overload
def day(form: Mapping[str, str], name: str, *, required: Literal[True] = True) -> dt.date: ...
@overload
def day(form: Mapping[str, str], name: str, *, required: bool) -> dt.date | None: ...
def day(form: Mapping[str, str], name: str, *, required: bool = True) -> dt.date | None:
    value = text(form, name, required=required, max_length=10)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", field=name) from None


def instant(form: Mapping[str, str], name: str, *, aware: bool = True) -> dt.datetime:
    """A date and time from an ``<input type="datetime-local">``; without an offset it is taken as UTC, or
    left naive with ``aware=False`` (for the caller to place in the mission's time zone)."""
    value = text(form, name, max_length=25)
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date and time (YYYY-MM-DDTHH:MM)", field=name) from None
    return t if t.tzinfo is not None or not aware else t.replace(tzinfo=dt.UTC)
