from django.apps import AppConfig


class ShopnestConfig(AppConfig):
    name = "shopnest"
    verbose_name = "ShopNest kernel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shopnest.api import openapi  # noqa: F401  (registers the auth scheme)
        from shopnest.domain import claims
        from shopnest.eventstore.keys import claim_secret
        from shopnest.feed.reader import ReadEvents, read_events
        from shopnest.mediator import mediator
        from shopnest.mediator.behaviours import COMMAND_BEHAVIOURS, QUERY_BEHAVIOURS
        from shopnest.observability import celery_signals
        from shopnest.projections import tasks  # noqa: F401  (registers the Celery tasks)

        mediator.command_behaviours = list(COMMAND_BEHAVIOURS)
        mediator.query_behaviours = list(QUERY_BEHAVIOURS)
        claims.use_secret(claim_secret)
        mediator.register_query(ReadEvents, read_events)
        celery_signals.connect()
