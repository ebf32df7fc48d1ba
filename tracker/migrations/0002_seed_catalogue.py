"""A fresh database starts with the initiatives the seed articles report."""

from django.db import migrations

from tracker.catalogue import INITIATIVES


def load(apps, schema_editor):
    Initiative = apps.get_model("tracker", "Initiative")
    Organisation = apps.get_model("tracker", "Organisation")
    District = apps.get_model("districts", "District")
    for data in INITIATIVES:
        initiative, _ = Initiative.objects.update_or_create(
            slug=data["slug"],
            defaults={
                key: data[key]
                for key in ("name_ko", "name_en", "category", "stage", "summary_ko", "summary_en")
            }
            | {"match_terms": data["terms"]},
        )
        initiative.districts.set(District.objects.filter(slug__in=data["districts"]))
        partners = [
            Organisation.objects.update_or_create(
                name_ko=name_ko, defaults={"name_en": name_en, "kind": kind}
            )[0]
            for name_ko, name_en, kind in data.get("partners", [])
        ]
        initiative.partners.set(partners)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial"), ("districts", "0002_load_districts")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
