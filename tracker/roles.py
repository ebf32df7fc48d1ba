"""Who may do what. Groups are created by migration 0005 from this table and kept equal
to it after every migrate (tracker.apps.sync_groups): a model added later is covered."""

ANALYST, CURATOR, ADMIN = "analyst", "curator", "admin"

VIEW_MODELS = [
    ("tracker", m)
    for m in (
        "article",
        "districtlink",
        "initiativelink",
        "initiative",
        "initiativekind",
        "organisation",
        "source",
        "ingestrun",
        "ingestitem",
        "rawdocument",
        "change",
        "sourceincident",
    )
] + [("districts", "district"), ("districts", "districtalias")]

CURATOR_CHANGES = [
    ("tracker", "article", ("change",)),
    ("tracker", "districtlink", ("add", "change", "delete")),
    ("tracker", "initiativelink", ("add", "change", "delete")),
    ("tracker", "initiative", ("add", "change", "delete")),
    # Curators keep the typology: names, definitions and cue words discovery reads.
    ("tracker", "initiativekind", ("change",)),
    ("tracker", "organisation", ("add", "change")),
    ("tracker", "ingestrun", ("add",)),
    ("tracker", "rawdocument", ("change",)),
]


def permissions_for(role: str) -> list[tuple[str, str]]:
    """(app_label, codename) pairs; the admin role gets every permission instead."""
    view = [(app, f"view_{model}") for app, model in VIEW_MODELS]
    if role == ANALYST:
        return view
    if role == CURATOR:
        return view + [
            (app, f"{action}_{model}")
            for app, model, actions in CURATOR_CHANGES
            for action in actions
        ]
    raise ValueError(role)


def is_analyst_or_above(user) -> bool:
    return user.is_active and (
        user.is_superuser
        or user.groups.filter(name__in=[ANALYST, CURATOR, ADMIN]).exists()
    )
