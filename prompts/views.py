from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "prompts/welcome.html")
    return render(request, "prompts/home.html")


@require_GET
@login_required
def library(request: HttpRequest) -> HttpResponse:
    return render(request, "prompts/library.html")
