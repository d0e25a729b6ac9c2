"""ShopNest's URLs plus the baseline's /crud/tickets."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from crud_baseline.api import CrudTicketViewSet

router = SimpleRouter(trailing_slash=False)
router.register("crud/tickets", CrudTicketViewSet, basename="crud-ticket")

urlpatterns = [path("", include(router.urls)), path("", include("config.urls"))]
