"""Every database starts with the 25 districts and the aliases we keep in the repo."""

from django.db import migrations

from districts.seoul import GU, base_aliases, short_en, short_ko


def load(apps, schema_editor):
    District = apps.get_model("districts", "District")
    DistrictAlias = apps.get_model("districts", "DistrictAlias")
    for record in GU:
        district, _ = District.objects.update_or_create(
            code=record.code,
            defaults={
                "slug": record.slug,
                "name_ko": record.name_ko,
                "name_en": record.name_en,
                "short_ko": short_ko(record.name_ko),
                "short_en": short_en(record.name_en),
                "tile_row": record.row,
                "tile_col": record.col,
            },
        )
        for text, kind, safe in base_aliases(record):
            DistrictAlias.objects.update_or_create(
                district=district, text=text, kind=kind, defaults={"is_safe_alone": safe}
            )


class Migration(migrations.Migration):
    dependencies = [("districts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
