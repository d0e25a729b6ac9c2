"""The baseline's endpoint: a ModelViewSet as DRF's tutorial writes one."""

from rest_framework import pagination, serializers, viewsets

from crud_baseline.models import CrudTicket
from people.auth import ApiKeyBasicAuthentication
from shopnest.api.permissions import IsAgent


class CrudTicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrudTicket
        fields = ["id", "subject", "description", "email", "name", "requester_id", "status",
                  "priority", "source", "type", "tags", "custom_fields", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class ThirtyAPage(pagination.PageNumberPagination):
    page_size = 30  # the ticket list's default page
    page_size_query_param = "per_page"
    max_page_size = 100


class CrudTicketViewSet(viewsets.ModelViewSet):
    queryset = CrudTicket.objects.order_by("-created_at", "-id")
    serializer_class = CrudTicketSerializer
    authentication_classes = [ApiKeyBasicAuthentication]  # ShopNest's own: same lookup cost
    permission_classes = [IsAgent]
    pagination_class = ThirtyAPage
