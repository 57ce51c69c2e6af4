from django.apps import AppConfig


class TrustConfig(AppConfig):
    """Two-factor enforcement, session expiry, break-glass access, retention and backups."""

    name = "apps.trust"
    label = "trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from apps.trust import retention_kinds  # noqa: F401 - registers the built-in kinds

        # The admin signs in through allauth (and so the second factor), never its own form.
        admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
