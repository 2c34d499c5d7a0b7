"""Problems of a project (要素保障): registering, changing, and their steps — resolve,
escalate to the next level of coordination, reopen."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from luoshi.api.routers.projects.schemas import ProblemOut, ProblemStepIn
from luoshi.core.selectors import unit_get
from luoshi.projects import selectors, services
from luoshi.projects.models import ProblemCategory, ProjectProblem

router = Router()


class ProblemIn(Schema):
    category: ProblemCategory
    description: str = Field(..., min_length=1, max_length=2000)
    unit_id: int
    person: str = Field("", max_length=50)
    deadline: dt.date | None = None


@router.post(
    "/projects/{project_id}/problems", response={201: ProblemOut}, summary="登记问题（要素保障）"
)
def problem_create(
    request: HttpRequest, project_id: int, payload: ProblemIn
) -> Status[ProjectProblem]:
    project = selectors.project_get_for_user(request.user, project_id)
    problem = services.problem_create(
        actor=request.user,
        project=project,
        data=services.ProblemInput(
            category=payload.category,
            description=payload.description,
            unit=unit_get(unit_id=payload.unit_id),
            person=payload.person,
            deadline=payload.deadline,
        ),
    )
    return Status(201, problem)


@router.patch("/project-problems/{problem_id}", response=ProblemOut, summary="修改问题")
def problem_update(request: HttpRequest, problem_id: int, payload: ProblemIn) -> ProjectProblem:
    return services.problem_update(
        actor=request.user,
        problem=selectors.problem_get(user=request.user, problem_id=problem_id),
        data=services.ProblemInput(
            category=payload.category,
            description=payload.description,
            unit=unit_get(unit_id=payload.unit_id),
            person=payload.person,
            deadline=payload.deadline,
        ),
    )


@router.post(
    "/project-problems/{problem_id}/{step}",
    response=ProblemOut,
    summary="解决（resolve）、提级协调（escalate）或重新打开（reopen）问题",
)
def problem_step(
    request: HttpRequest,
    problem_id: int,
    step: Literal["resolve", "escalate", "reopen"],
    payload: ProblemStepIn,
) -> ProjectProblem:
    problem = selectors.problem_get(user=request.user, problem_id=problem_id)
    if step == "resolve":
        services.problem_resolve(actor=request.user, problem=problem, resolution=payload.text)
    elif step == "escalate":
        services.problem_escalate(actor=request.user, problem=problem, note=payload.text)
    else:
        services.problem_reopen(actor=request.user, problem=problem, reason=payload.text)
    return selectors.problem_list(problem.project).get(pk=problem.pk)
