from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Meetings and resolutions")

    def ready(self) -> None:
        from governance.selectors import room_presence
        from voting import presence

        presence.register(room_presence)
