"""Pages of the tasks app, one module per part; each exports its `urlpatterns`."""

from luoshi.tasks.views.attachment_pages import urlpatterns as _attachment_pages
from luoshi.tasks.views.bulletin_pages import urlpatterns as _bulletin_pages
from luoshi.tasks.views.excel_pages import urlpatterns as _excel_pages
from luoshi.tasks.views.instruction_pages import urlpatterns as _instruction_pages
from luoshi.tasks.views.missing_report_pages import urlpatterns as _missing_report_pages
from luoshi.tasks.views.progress_pages import urlpatterns as _progress_pages
from luoshi.tasks.views.report_pages import urlpatterns as _report_pages
from luoshi.tasks.views.supervision_pages import urlpatterns as _supervision_pages
from luoshi.tasks.views.task_pages import urlpatterns as _task_pages

urlpatterns = [*_task_pages, *_excel_pages, *_report_pages, *_progress_pages, *_supervision_pages]
urlpatterns += _attachment_pages
urlpatterns += _missing_report_pages
urlpatterns += _instruction_pages
urlpatterns += _bulletin_pages
