"""Create the "Compliance editors" group: exactly the permissions to keep policy data true."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Compliance editors"
EDITABLE = [
    "source",
    "program",
    "offering",
    "eligibility",
    "certification",
    "claudemodel",
    "retentionrule",
    "datacontroller",
    "residencyoption",
    "phiplacement",
    "policyfact",
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        f"{action}_{model}"
        for model in EDITABLE
        for action in ("add", "change", "delete", "view")
    ]
    # History rows are read-only for editors: they may look, never rewrite.
    codenames += [f"view_historical{model}" for model in EDITABLE]
    perms = Permission.objects.filter(content_type__app_label="policydata", codename__in=codenames)
    group.permissions.set(perms)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policydata", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
