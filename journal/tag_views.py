"""The person's tags, to rename: journal/tag_services.py does the writing."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from accounts.types import AuthedRequest
from journal.forms import TagRenameForm
from journal.models import Tag
from journal.tag_services import tag_rename
from journal.timeline import tag_name, tags_in_use


@require_GET
@login_required
def tags(request: AuthedRequest) -> HttpResponse:
    return render(request, "journal/tags.html", {"tags": tags_in_use(user=request.user)})


@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required
def tag_edit(request: AuthedRequest, tag_id: UUID) -> HttpResponse:
    tag = get_object_or_404(Tag, id=tag_id, owner=request.user)
    name = tag_name(user=request.user, tag=tag)
    form = TagRenameForm(request.POST or None, initial={"name": name})
    if request.method == "POST" and form.is_valid():
        kept = tag_rename(tag=tag, name=form.cleaned_data["name"])
        messages.success(request, _("Renamed. Every entry with this tag shows the new name."))
        return redirect(reverse("journal:index") + f"?tag={kept.pk}")
    return render(request, "journal/tag_edit.html", {"form": form, "tag": tag, "name": name})
