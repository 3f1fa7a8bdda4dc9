"""The coping list: read in a hard moment, changed on its own page, one idea at a time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.middleware import keeps_text_when_locked
from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from safety import selectors, services
from safety.coping_starters import STARTER_KEYS
from safety.forms import CopingAddForm, CopingItemForm
from safety.models import CopingItem


def _get_coping_item_for_user(request: AuthedRequest, item_id: UUID | None, starter: str) -> CopingItem:
    """The idea a change is for, by its id, or by its key for a starter idea the page showed from
    the code (coping_starters.py). Either way the starters are saved first (the list's first
    change), so a starter's change lands on the row just saved for it, and the others stay."""
    if item_id is not None:
        item = get_object_or_404(CopingItem, id=item_id, owner=request.user)
        services.coping_list_start(owner=request.user)
        return item
    if starter not in STARTER_KEYS:
        raise Http404
    services.coping_list_start(owner=request.user)
    # No such row if the list came from an import instead of the starters: nothing to change.
    return get_object_or_404(CopingItem, owner=request.user, starter=starter)


def _render_coping(
    request: AuthedRequest, group: str = "", status: int = 200, focus: str = "", **extra: Any
) -> HttpResponse:
    """The editing page, or after an htmx change just the group it changed. `focus` names what
    takes the keyboard's focus once the group is swapped in ("add", an item's id, or "" for the
    group's heading), since the button that was pressed is gone with the old group. After a
    mistake, `form` holds the words sent, which go back in their box with its message."""
    groups = selectors.coping_list_to_edit(request.user)
    context: dict[str, Any] = {
        "groups": groups,
        "add_error_group": "",
        "edit_error_id": "",
        "form": None,
        "focus": focus,
        **extra,
    }
    if group and wants_fragment(request):
        context["group"] = next(g for g in groups if g.slug == group)
        # htmx only swaps 2xx responses: a kind error message has to arrive as a 200.
        return render(request, "safety/coping.html#group", context)
    return render(request, "safety/coping.html", context, status=status)


def _back_to_group(group: str) -> HttpResponse:
    return redirect(f"{reverse('safety:coping_edit')}#coping-{group}")


@require_GET
@login_required
@sensitive_variables()
def coping(request: AuthedRequest) -> HttpResponse:
    """The list to read in a hard moment: the ideas shown, nothing to change by accident.

    Only reads: before the list is first changed, the starter ideas are shown from the code
    rather than written, so looking never changes anything.
    """
    groups = selectors.coping_list_to_read(request.user)
    return render(
        request, "safety/coping_read.html", {"groups": groups, "any_shown": any(group.shown for group in groups)}
    )


@require_GET
@login_required
@vary_on_headers("HX-Request")
@sensitive_variables()
def coping_edit(request: AuthedRequest) -> HttpResponse:
    # Only reads, as every GET: the starter ideas come from the code until the first change saves them.
    return _render_coping(request)


# Sent after the idle lock or after signing out elsewhere, an idea typed in is kept or given back.
@keeps_text_when_locked
@require_POST
@login_required_keep_text
@vary_on_headers("HX-Request")
@sensitive_post_parameters()
@sensitive_variables()
def coping_add(request: AuthedRequest) -> HttpResponse:
    group = request.POST.get("group", "")
    if group not in CopingItem.Group.values:
        raise Http404
    # The starters first, so a new idea joins them rather than taking their place.
    services.coping_list_start(owner=request.user)
    form = CopingAddForm(request.POST)
    if form.is_valid():
        services.coping_item_add(owner=request.user, group=group, text=form.cleaned_data["text"])
        # Ready for the next idea.
        return _render_coping(request, group, focus="add") if wants_fragment(request) else _back_to_group(group)
    return _render_coping(request, group, status=422, focus="add", add_error_group=group, form=form)


@keeps_text_when_locked
@require_POST
@login_required_keep_text
@vary_on_headers("HX-Request")
@sensitive_post_parameters()
@sensitive_variables()
def coping_item(request: AuthedRequest, item_id: UUID | None = None, starter: str = "") -> HttpResponse:
    item = _get_coping_item_for_user(request, item_id, starter)
    form = CopingItemForm(request.POST)
    if form.is_valid():
        services.coping_item_update(item=item, text=form.cleaned_data["text"])
        if wants_fragment(request):
            return _render_coping(request, item.group, focus=str(item.id))
        return _back_to_group(item.group)
    return _render_coping(request, item.group, status=422, focus=str(item.id), edit_error_id=str(item.id), form=form)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def coping_hide(request: AuthedRequest, item_id: UUID | None = None, starter: str = "") -> HttpResponse:
    item = _get_coping_item_for_user(request, item_id, starter)
    services.coping_item_set_hidden(item=item, hidden=request.POST.get("hidden") != "0")
    return _render_coping(request, item.group) if wants_fragment(request) else _back_to_group(item.group)
