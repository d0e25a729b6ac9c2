from django.apps import AppConfig
from django.core import checks


class ShopnestConfig(AppConfig):
    name = "shopnest"
    verbose_name = "ShopNest kernel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shopnest.accounts import handlers, queries, signals
        from shopnest.accounts.domain import ChangeAgentPassword, RecordSignIn, RegisterAgent
        from shopnest.accounts.projection import AccountsProjection
        from shopnest.api import openapi  # noqa: F401  (registers the auth scheme)
        from shopnest.mediator import mediator
        from shopnest.mediator.behaviours import COMMAND_BEHAVIOURS, QUERY_BEHAVIOURS
        from shopnest.projections import (
            registry,
            tasks,  # noqa: F401  (registers the Celery tasks)
        )

        mediator.command_behaviours = list(COMMAND_BEHAVIOURS)
        mediator.query_behaviours = list(QUERY_BEHAVIOURS)
        mediator.register_command(RegisterAgent, handlers.register_agent)
        mediator.register_command(ChangeAgentPassword, handlers.change_agent_password)
        mediator.register_command(RecordSignIn, handlers.record_sign_in)
        mediator.register_query(queries.ListAgents, queries.list_agents)
        mediator.register_query(queries.GetAgent, queries.get_agent)
        registry.register(AccountsProjection())
        signals.connect()
        checks.register(check_account_limits)


def check_account_limits(app_configs=None, **kwargs):
    """The accounts domain refuses what auth_user cannot hold: its limits must be the table's."""
    from django.contrib.auth import get_user_model

    from shopnest.accounts import domain

    user = get_user_model()
    wanted = {"email": domain.EMAIL_MAX_LENGTH, "first_name": domain.NAME_MAX_LENGTH,
              "last_name": domain.NAME_MAX_LENGTH}
    return [
        checks.Error(f"auth_user.{name} holds {user._meta.get_field(name).max_length} "
                     f"characters but the accounts domain accepts {limit}", id="shopnest.E001")
        for name, limit in wanted.items() if user._meta.get_field(name).max_length < limit
    ]
