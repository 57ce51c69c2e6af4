from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from apps.audit.ownership import register_owned_objects
        from apps.consultations import retention
        from apps.consultations.models import Consultation

        # "Who has viewed my requests" (audit:my_access): a requester owns their requests.
        register_owned_objects(
            "consultations.consultation",
            lambda user: Consultation.objects.filter(requester_id=user.pk).values_list(
                "pk", flat=True
            ),
        )
        # Closed and ended cases past their period (apps.trust's retention run).
        retention.register()
