"""Each part of the app keeps its own URL list (decomposition, progress, supervision)."""

from luoshi.tasks.views import urlpatterns as task_urls

app_name = "tasks"

urlpatterns = [*task_urls]
