"""Background work of the core app: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from luoshi.core.services import regions_load_from_gazetteer


@task()
def load_regions_task() -> dict[str, int]:
    summary = regions_load_from_gazetteer(actor=None)
    return {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}


@task()
def run_sheet_job_task(job_id: int) -> str:
    from luoshi.core.sheet_jobs.services import sheet_job_run

    return sheet_job_run(job_id)
