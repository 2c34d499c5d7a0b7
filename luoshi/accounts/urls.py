from django.contrib.auth import views as auth_views
from django.urls import path

from luoshi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/", views.account, name="account"),
    path("me/tokens/", views.api_token_create, name="api_token_create"),
    path("me/tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
