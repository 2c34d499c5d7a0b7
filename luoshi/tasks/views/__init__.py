"""Pages of the tasks app, one module per part; each exports its `urlpatterns`."""

from luoshi.tasks.views.progress_pages import urlpatterns as _progress_pages
from luoshi.tasks.views.supervision_pages import urlpatterns as _supervision_pages
from luoshi.tasks.views.task_pages import urlpatterns as _task_pages

urlpatterns = [*_task_pages, *_progress_pages, *_supervision_pages]
