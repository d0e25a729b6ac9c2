"""DELETE /api/v2/contacts/{id}/hard_delete[?force=true]: erase a contact (FRESHDESK_API.md
§4.2). Freshdesk hard deletes only a soft-deleted contact, unless `force=true`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from people.domain.erasure import EraseContact
from shopnest.api import params
from shopnest.api.permissions import IsAdminAgent
from shopnest.api.responses import no_content, send


class ContactHardDeleteView(APIView):
    # Erasure cannot be undone: admins only, as agent administration is.
    permission_classes = [IsAdminAgent]

    @extend_schema(
        operation_id="contacts_hard_delete",
        parameters=[OpenApiParameter("force", bool, description=(
            "Erase a contact that was not soft deleted first (true/false, any case)"))],
        responses={204: OpenApiResponse(description="The contact and their data are erased"),
                   404: OpenApiResponse(description="No such contact"),
                   405: OpenApiResponse(description="The contact is not soft deleted (and "
                                                    "force is not true)")},
        description="Erase the contact for good: their name, addresses, phones and what "
                    "they wrote read as erased everywhere, also after a rebuild.")
    def delete(self, request, contact_id: int):
        params.refuse_unknown_params(request.query_params, {"force"})
        force = params.bool_param(request.query_params, "force")
        send(request, EraseContact(contact_id=contact_id, force=force))
        return no_content()
