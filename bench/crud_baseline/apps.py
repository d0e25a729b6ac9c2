from django.apps import AppConfig


class CrudBaselineConfig(AppConfig):
    name = "crud_baseline"
    label = "crud_baseline"
    default_auto_field = "django.db.models.BigAutoField"
