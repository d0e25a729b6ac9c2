from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Help desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tickets import wiring

        wiring.register_all()
