from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "apps.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"
