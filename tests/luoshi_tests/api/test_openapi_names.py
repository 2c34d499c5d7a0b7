"""The OpenAPI document names each schema once (issue 12): two request schemas once shared the
name AnswerIn, so the published schema of the opinion answer was the notice answer's. Ninja
keys schemas by class name, so every schema class the API defines must have its own name, and
every operation's request body must be the schema its endpoint really takes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from ninja import Schema

import luoshi.api
from luoshi.api.urls import api


def _schema_classes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(luoshi.api.__path__, "luoshi.api."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                found.setdefault(name, []).append(module.__name__)
    return found


def test_no_two_schemas_share_a_name():
    shared = {name: modules for name, modules in _schema_classes().items() if len(modules) > 1}
    assert not shared, f"schema names used twice (OpenAPI would keep one): {shared}"


def test_the_opinion_answer_is_documented_as_it_is_taken():
    document = api.get_openapi_schema()
    body = document["paths"]["/api/v1/opinions/{opinion_id}/answer"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = set(document["components"]["schemas"][ref]["properties"])
    assert {"state", "reply"} <= fields and "answer" not in fields


def test_every_operation_has_its_own_id():
    """Operation ids are the endpoint functions' names (stable when a module is split)."""
    document = api.get_openapi_schema()
    ids = [
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) > 100
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert "project_list" in ids and "opinion_answer" in ids
