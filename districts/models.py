from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """One of Seoul's 25 autonomous districts (자치구)."""

    code = models.CharField(_("MOIS code"), max_length=5, unique=True)
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name_ko = models.CharField(_("Korean name"), max_length=20, unique=True)
    name_en = models.CharField(_("English name"), max_length=40, unique=True)
    short_ko = models.CharField(max_length=10, verbose_name=_("Korean short name"))
    short_en = models.CharField(max_length=30, verbose_name=_("English short name"))
    tile_row = models.PositiveSmallIntegerField(verbose_name=_("tile row"))
    tile_col = models.PositiveSmallIntegerField(verbose_name=_("tile column"))
    # A GeoJSON Polygon or MultiPolygon (lon/lat), simplified for drawing as SVG;
    # written by `import_gazetteer`, empty until it runs.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["tile_row", "tile_col"], name="one_district_per_tile"
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^11\d{3}$"), name="seoul_mois_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("districts:detail", args=[self.slug])

    @property
    def name(self) -> str:
        """The name in the active language."""
        return (
            self.name_en if (get_language() or "ko").startswith("en") else self.name_ko
        )

    @property
    def other_name(self) -> str:
        return self.name_ko if self.name == self.name_en else self.name_en


class DistrictAliasQuerySet(models.QuerySet):
    def dongs(self):
        return self.filter(kind=DistrictAlias.Kind.DONG)

    def legal_dongs(self):
        return self.filter(kind=DistrictAlias.Kind.LEGAL_DONG)


class DistrictAlias(models.Model):
    """Another name that points to a district: a dong, a landmark, a spelling."""

    class Kind(models.TextChoices):
        NAME = "name", _("full name")
        SHORT = "short", _("short name")
        ENGLISH = "english", _("English name")
        DONG = "dong", _("administrative dong")
        LEGAL_DONG = "legal_dong", _("legal dong")
        LANDMARK = "landmark", _("landmark")
        TITLE = "title", _("office title")

    district = models.ForeignKey(
        District, models.CASCADE, related_name="aliases", verbose_name=_("district")
    )
    text = models.CharField(max_length=60, verbose_name=_("text"))
    kind = models.CharField(max_length=12, choices=Kind, verbose_name=_("kind of name"))
    # False for names that also mean something else (중, 강서 in 부산 강서구, 신사동 in two gu):
    # they count only beside a safe name of the same district.
    is_safe_alone = models.BooleanField(default=True, verbose_name=_("safe alone"))
    code = models.CharField(max_length=10, blank=True, verbose_name=_("code"))

    objects = DistrictAliasQuerySet.as_manager()

    class Meta:
        ordering = ["district", "kind", "text"]
        verbose_name = _("district alias")
        verbose_name_plural = _("district aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "text", "kind"], name="alias_once_per_district"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.district.name_ko}"
