from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    # The admin's index shows this name above the tracker's records.
    verbose_name = _("Articles, initiatives and ingestion")

    def ready(self) -> None:
        # After every migrate (permissions of new models exist by then), the role
        # groups match tracker/roles.py again: no migration per new model.
        post_migrate.connect(sync_groups, dispatch_uid="tracker-sync-groups")
        # A process's copy of the catalogue and kinds goes when they change.
        from tracker.ingest import rules

        rules.connect()
        # District names and aliases sit on cached pages: an edit (admin, gazetteer
        # import) moves the figures' version on, as a change to articles does.
        from districts.models import District, DistrictAlias

        for model in (District, DistrictAlias):
            for signal in (post_save, post_delete):
                signal.connect(
                    names_changed,
                    sender=model,
                    dispatch_uid=f"figures-{model.__name__}",
                )


def names_changed(**kwargs) -> None:
    from tracker import figures

    figures.changed()


def sync_groups(sender=None, using="default", **kwargs) -> None:
    """Give the analyst, curator and admin groups exactly the permissions of roles.py."""
    from django.contrib.auth.models import Group, Permission

    from tracker.roles import ADMIN, ANALYST, CURATOR, permissions_for

    if sender is None or sender.name != "tracker":
        return
    permissions = list(Permission.objects.using(using).select_related("content_type"))
    for role in (ANALYST, CURATOR):
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = set(permissions_for(role))
        group.permissions.set(
            p for p in permissions if (p.content_type.app_label, p.codename) in wanted
        )
    admin, _ = Group.objects.using(using).get_or_create(name=ADMIN)
    admin.permissions.set(permissions)
