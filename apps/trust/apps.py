from django.apps import AppConfig


class TrustConfig(AppConfig):
    """Two-factor enforcement, session expiry, break-glass access, retention and backups."""

    name = "apps.trust"
    label = "trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.trust import retention_kinds  # noqa: F401 - registers the built-in kinds
