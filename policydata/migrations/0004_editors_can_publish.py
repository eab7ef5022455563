from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Compliance editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="policydata",
            codename__in=["publish_policyversion", "view_policyversion"],
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Compliance editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="policydata",
                codename__in=["publish_policyversion", "view_policyversion"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("policydata", "0003_policy_versions")]
    operations = [migrations.RunPython(grant, revoke)]
