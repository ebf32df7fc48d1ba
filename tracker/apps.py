from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    # The admin's index shows this name above the tracker's records.
    verbose_name = _("Articles, initiatives and ingestion")
