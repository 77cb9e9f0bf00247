from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """No self sign-up: agency administrators give people their roles."""
        return False


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The login that axes counts failures for: allauth passes it as `email`."""
    value = (credentials or {}).get("email") or request.POST.get("login", "")
    return str(value).strip().lower()
