"""Two more Geumcheon initiatives the G-Valley reporting names: the December forum and
the deregulation plan. Loads the catalogue again (idempotent: update_or_create)."""

import importlib

from django.db import migrations

seed = importlib.import_module("tracker.migrations.0002_seed_catalogue")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_search_vector")]
    operations = [migrations.RunPython(seed.load, migrations.RunPython.noop)]
