from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    # The admin's index shows this name above the gazetteer's records.
    verbose_name = _("Districts and their names")
