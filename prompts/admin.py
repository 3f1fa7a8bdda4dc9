from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError, SequenceDefinition
from prompts.forms import SequenceYamlForm
from prompts.models import Sequence, SequenceVersion
from prompts.services import sequence_save


class SequenceAdminForm(forms.ModelForm):
    definition = forms.CharField(
        label=gettext_lazy("Sequence (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        help_text=gettext_lazy(
            "Same format as the files in prompts/library. Saving changed words makes a new version; "
            "people who already began keep the version they started."
        ),
    )

    class Meta:
        model = Sequence
        fields = ["clinic_key", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = self.instance.latest if self.instance.pk else None
        if latest is not None and not self.is_bound:
            self.initial["definition"] = latest.definition.to_yaml()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("definition")
        if not text:
            return cleaned
        try:
            found = parse_yaml(text, source=_("this sequence"))
        except DefinitionError as error:
            raise forms.ValidationError([forms.ValidationError(p) for p in error.problems]) from error
        if len(found) != 1:
            raise forms.ValidationError(_("Put one sequence here. To add several at once, use the upload page."))
        definition = found[0]
        clinic_key = self.instance.clinic_key if self.instance.pk else cleaned.get("clinic_key", "")
        if self.instance.pk and definition.slug != self.instance.slug:
            raise forms.ValidationError(_("The slug can't change here; people's reflections are linked to it."))
        if not self.instance.pk and Sequence.objects.filter(clinic_key=clinic_key, slug=definition.slug).exists():
            raise forms.ValidationError(_("A sequence with this slug is already here. You could edit that one."))
        cleaned["parsed"] = definition
        return cleaned


class VersionInline(admin.StackedInline):
    # Stacked: the tabular layout's empty header cell fails axe.
    model = SequenceVersion
    fields = ("number", "created_at")
    readonly_fields = ("number", "created_at")
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LibraryFilter(admin.SimpleListFilter):
    """Which library a sequence belongs to; the shared one has an empty clinic key, and Django's
    own filter would show it as a link with no words."""

    title = gettext_lazy("library")
    parameter_name = "library"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        keys = Sequence.objects.exclude(clinic_key="").order_by().values_list("clinic_key", flat=True).distinct()
        return [("shared", _("Shared library"))] + [(key, key) for key in sorted(keys)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Sequence]) -> QuerySet[Sequence]:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(clinic_key="" if value == "shared" else value)


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    form = SequenceAdminForm
    list_display = ("slug", "clinic_key", "latest_version", "is_active", "created_at")
    list_filter = ("is_active", LibraryFilter)
    search_fields = ("slug", "clinic_key")
    inlines = [VersionInline]
    actions = ["export_yaml"]
    change_list_template = "admin/prompts/sequence/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Sequence | None = None) -> tuple[str, ...]:
        return ("slug", "clinic_key", "created_by") if obj else ()

    def get_fields(self, request: HttpRequest, obj: Sequence | None = None) -> Any:
        if obj:
            return ["slug", "clinic_key", "created_by", "is_active", "definition"]
        return ["clinic_key", "is_active", "definition"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sequence]:
        # Each row's latest version number in the list's own query: asking each sequence for its
        # latest version cost a query a row, and clinics add sequences of their own.
        newest = SequenceVersion.objects.filter(sequence=OuterRef("pk")).order_by("-number").values("number")[:1]
        rows: QuerySet[Sequence] = super().get_queryset(request)
        return rows.annotate(latest_number=Subquery(newest))

    @admin.display(description=gettext_lazy("version"))
    def latest_version(self, obj: Sequence) -> int | None:
        return getattr(obj, "latest_number", None)

    def save_model(self, request: HttpRequest, obj: Sequence, form: Any, change: bool) -> None:
        definition: SequenceDefinition = form.cleaned_data["parsed"]
        if not change:
            obj.slug = definition.slug
            obj.created_by = request.user  # type: ignore[assignment]
        obj.save()
        saved = sequence_save(definition=definition, clinic_key=obj.clinic_key, created_by=obj.created_by)
        if saved.created:
            messages.info(request, _("Saved as version %(number)s.") % {"number": saved.version.number})

    @admin.action(description=gettext_lazy("Export as YAML"))
    def export_yaml(self, request: HttpRequest, queryset: QuerySet[Sequence]) -> HttpResponse:
        # Their versions in one query with them (Sequence.latest picks from those), not two a sequence.
        latest = [seq.latest for seq in queryset.order_by("slug").prefetch_related("versions")]
        documents = [version.definition.to_yaml() for version in latest if version]
        name = f"{queryset.first().slug}.yaml" if len(documents) == 1 else "sequences.yaml"  # type: ignore[union-attr]
        response = HttpResponse("---\n".join(documents), content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_urls(self) -> list[URLPattern]:
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="prompts_sequence_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SequenceYamlForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            clinic_key = form.cleaned_data["clinic_key"]
            for definition in form.definitions():
                saved = sequence_save(definition=definition, clinic_key=clinic_key, created_by=request.user)  # type: ignore[arg-type]
                if saved.created:
                    message = _("%(slug)s: saved as version %(number)s.")
                else:
                    message = _("%(slug)s: no changes, still version %(number)s.")
                messages.info(request, message % {"slug": definition.slug, "number": saved.version.number})
            return HttpResponseRedirect(reverse("admin:prompts_sequence_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload reflection sequences"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/prompts/sequence/upload.html", context)
