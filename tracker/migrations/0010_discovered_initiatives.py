"""Discovered initiatives replace InitiativeSuggestion; curators' hand on an initiative.

InitiativeSuggestion rows are dropped without copying: they were derived data (a
name the old tagger guessed for an article no catalogue entry matched), and re-tagging
the articles (`Link and tag again` in admin) makes discovered, suggested initiatives
from the same text. Accepted suggestions already became Initiative rows and stay.

Initiative gains reviewed_by/reviewed_at (a re-tag never deletes an initiative a
curator decided on) and may have no English name until a curator gives one. The role
groups are brought up to date: everyone may view the typology, curators edit it.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from tracker.roles import ADMIN, ANALYST, CURATOR, permissions_for


def update_groups(apps, schema_editor):
    # As in 0005: permissions are normally made after migrations; the groups need them.
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
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        )
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0009_initiative_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='initiative',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='initiative',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='initiative',
            name='name_en',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.DeleteModel(
            name='InitiativeSuggestion',
        ),
        migrations.RunPython(update_groups, migrations.RunPython.noop),
    ]
