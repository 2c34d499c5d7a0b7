"""Admin changes go through the same logged writes as every service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from luoshi.core.action_log import delete_with_log, save_with_log


def _verb(obj: Model, action: str) -> str:
    return f"{obj._meta.model_name}.{action}"


class LoggedModelAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_with_log(
            actor=request.user, instance=obj, verb=_verb(obj, "updated" if change else "created")
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_with_log(actor=request.user, instance=obj, verb=_verb(obj, "deleted"))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_with_log(actor=request.user, instance=obj, verb=_verb(obj, "deleted"))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_with_log(actor=request.user, instance=obj, verb=_verb(obj, "deleted"))
        for obj in instances:
            save_with_log(
                actor=request.user,
                instance=obj,
                verb=_verb(obj, "created" if obj._state.adding else "updated"),
            )
        formset.save_m2m()
