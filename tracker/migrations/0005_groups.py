"""Groups for the three roles: analyst (read, export), curator (review, edit), admin (all)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from tracker.roles import ADMIN, ANALYST, CURATOR, permissions_for


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrations; the groups need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in (ANALYST, CURATOR):
        group, _ = Group.objects.get_or_create(name=role)
        wanted = permissions_for(role)
        group.permissions.set(
            p for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        )
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0004_curation"),
        ("districts", "0002_load_districts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
