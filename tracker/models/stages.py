"""How far an initiative has come; an article's event reports one of these stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tracker.reading.mentions import STAGES


class Stage(models.TextChoices):
    # In order of progress; the values are the discovery step's (reading/mentions.py).
    PLANNED = "planned", _("planned")
    ANNOUNCED = "announced", _("announced")
    AGREEMENT = "agreement", _("agreement signed")
    ORDINANCE = "ordinance", _("ordinance enacted")
    FUNDED = "funded", _("funded")
    PILOT = "pilot", _("pilot")
    LAUNCHED = "launched", _("launched")
    EXPANDED = "expanded", _("expanded")
    AWARDED = "awarded", _("awarded")
    ENDED = "ended", _("ended")


assert tuple(Stage.values) == STAGES, "reading/mentions.py and Stage disagree"


def moves_on(current: str, reported: str) -> bool:
    """Does a reported stage move an initiative on? Never back, and ended stays ended."""
    order = list(Stage.values)
    if reported not in order or current == Stage.ENDED:
        return False
    return current not in order or order.index(reported) > order.index(current)
