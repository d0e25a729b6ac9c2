from django.apps import AppConfig
from django.core import checks


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from people import signals, wiring

        wiring.register_all()
        signals.connect()
        checks.register(check_agent_limits)


def check_agent_limits(app_configs=None, **kwargs):
    """The agents domain refuses what auth_user cannot hold: its limits must be the table's."""
    from django.contrib.auth import get_user_model

    from people.domain import agents

    user = get_user_model()
    wanted = {"email": agents.EMAIL_MAX_LENGTH, "first_name": agents.NAME_MAX_LENGTH,
              "last_name": agents.NAME_MAX_LENGTH}
    return [
        checks.Error(f"auth_user.{name} holds {user._meta.get_field(name).max_length} "
                     f"characters but the agents domain accepts {limit}", id="people.E001")
        for name, limit in wanted.items() if user._meta.get_field(name).max_length < limit
    ]
