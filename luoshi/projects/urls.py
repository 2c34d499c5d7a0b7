from luoshi.projects.views import urlpatterns as project_urls

app_name = "projects"

urlpatterns = [*project_urls]
