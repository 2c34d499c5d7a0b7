"""Sign-in, sign-out, password change and the user's own account page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from luoshi.accounts import selectors, services
from luoshi.accounts.forms import ApiTokenForm
from luoshi.accounts.models import ApiToken
from luoshi.core import home as home_panels


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The user row itself, not request.user's lazy stand-in: the service saves it.
        kwargs["user"] = selectors.user_get(user_id=kwargs["user"].pk)
        return kwargs

    def form_valid(self, form):
        # Through the service, not form.save(): it logs the change and revokes the API tokens.
        revoked = services.user_password_set(
            actor=self.request.user,
            user=form.user,
            password=form.cleaned_data["new_password1"],
        )
        # This browser stays signed in; the user's other sessions end with the old password.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("密码已修改。"))
        if revoked:
            messages.info(self.request, tokens_revoked_message(revoked))
        return HttpResponseRedirect(self.get_success_url())


def tokens_revoked_message(count: int) -> str:
    return ngettext(
        "您的 %(count)d 个 API 令牌已随密码修改而撤销，如仍需要请重新创建。",
        "您的 %(count)d 个 API 令牌已随密码修改而撤销，如仍需要请重新创建。",
        count,
    ) % {"count": count}


@login_required
def account(request: HttpRequest) -> HttpResponse:
    new_key = request.session.pop("new_api_token_key", None)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": selectors.membership_list_for_user(user=request.user),  # type: ignore[arg-type]
            "tokens": selectors.api_token_list_for_user(user=request.user),  # type: ignore[arg-type]
            "token_form": ApiTokenForm(),
            "new_key": new_key,
        },
    )


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not request.user.has_perm("accounts.add_apitoken"):
        raise PermissionDenied
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("accounts:account")
    days = form.cleaned_data["expires_in_days"]
    _token, key = services.api_token_create(
        actor=request.user,
        user=request.user,  # type: ignore[arg-type]
        name=form.cleaned_data["name"],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    # Shown once on the next page, then gone: only its hash is kept.
    request.session["new_api_token_key"] = key
    return redirect("accounts:account")


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    except ApiToken.DoesNotExist as error:
        raise Http404(_("没有这个令牌")) from error
    if not request.user.has_perm("accounts.delete_apitoken", token):
        raise PermissionDenied
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("accounts:account")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: who I am, then my own work — each role's panels, registered by the apps
    (`luoshi.core.home`), in order."""
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": selectors.membership_list_for_user(user=request.user),  # type: ignore[arg-type]
            "panels": home_panels.rendered_panels(request, timezone.localdate()),
        },
    )
