"""The three roles of the portal and how to ask which one a user plays.

Groups are created by the data migration ``ledgers/migrations/0002_groups.py``; later apps add
their own permissions to these groups with :func:`grant_permissions` in their data migrations.
"""

OFFICE_GROUP = "作风办"
CLERK_GROUP = "单位填报员"
INSPECTOR_GROUP = "纪委"
ALL_GROUPS = (OFFICE_GROUP, CLERK_GROUP, INSPECTOR_GROUP)


def _group_names(user):
    cache = getattr(user, "_portal_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._portal_group_names = cache
    return cache


def is_office(user):
    """Office staff (and superusers) see every unit's data and every reporter's identity."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or OFFICE_GROUP in _group_names(user)


def is_inspector(user):
    return bool(user and user.is_authenticated and INSPECTOR_GROUP in _group_names(user))


def is_clerk(user):
    return bool(user and user.is_authenticated and CLERK_GROUP in _group_names(user))


def unit_of(user):
    """The unit a user acts for, or None (office staff, inspectors, anonymous)."""
    if not user or not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_unit"):
        from ledgers.models import UnitMembership

        membership = UnitMembership.objects.select_related("unit").filter(user_id=user.pk).first()
        user._portal_unit = membership.unit if membership else None
    return user._portal_unit


def grant_permissions(apps, group_name, perms):
    """For data migrations: give ``group_name`` the permissions ``["app_label.codename", …]``.

    Creates missing permissions first (they normally appear only after post_migrate).
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
