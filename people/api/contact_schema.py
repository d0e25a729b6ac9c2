"""OpenAPI descriptions of the contact endpoints' JSON (for /api/schema/ and /api/docs/).

Documentation only: the views answer with people/api/representation.py, the domain checks
the input; these serializers describe both (FRESHDESK_API.md §4.2).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from people.api.schema import AgentSerializer, _Doc


class OtherCompanySerializer(_Doc):
    company_id = serializers.IntegerField()
    view_all_tickets = serializers.BooleanField(required=False)


class ContactFieldsMixin(_Doc):
    email = serializers.EmailField(required=False, allow_null=True)
    other_emails = serializers.ListField(child=serializers.EmailField(), required=False,
                                         max_length=10)
    phone = serializers.CharField(required=False, allow_null=True)
    mobile = serializers.CharField(required=False, allow_null=True)
    twitter_id = serializers.CharField(required=False, allow_null=True)
    unique_external_id = serializers.CharField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_null=True)
    job_title = serializers.CharField(required=False, allow_null=True)
    language = serializers.CharField(required=False, help_text='a Freshdesk language code ("en")')
    time_zone = serializers.CharField(required=False, allow_null=True)
    company_id = serializers.IntegerField(required=False, allow_null=True)
    view_all_tickets = serializers.BooleanField(required=False)
    other_companies = OtherCompanySerializer(many=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    custom_fields = serializers.DictField(required=False,
                                          help_text="string, number, boolean or null values")


class ContactCreateSerializer(ContactFieldsMixin):
    name = serializers.CharField()


class ContactUpdateSerializer(ContactFieldsMixin):
    name = serializers.CharField(required=False)


class ContactSerializer(ContactCreateSerializer):
    id = serializers.IntegerField()
    active = serializers.BooleanField(help_text="verified")
    deleted = serializers.BooleanField(required=False, help_text="on deleted contacts only")
    avatar = serializers.DictField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ContactAgentSerializer(ContactSerializer):
    agent = AgentSerializer()


class MakeAgentSerializer(_Doc):
    occasional = serializers.BooleanField(required=False)
    ticket_scope = serializers.IntegerField(required=False)
    signature = serializers.CharField(required=False)


class ContactAutocompleteSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ContactFieldSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()
    label = serializers.CharField()
    position = serializers.IntegerField()
    type = serializers.CharField(help_text="default_name, default_email, ...")
    default = serializers.BooleanField()
    required_for_agents = serializers.BooleanField()
    customers_can_edit = serializers.BooleanField()
    label_for_customers = serializers.CharField()
    required_for_customers = serializers.BooleanField()
    displayed_for_customers = serializers.BooleanField()
    editable_in_signup = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), required=False)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


LIST_PARAMETERS = [
    OpenApiParameter("email", str, description="primary or other address"),
    OpenApiParameter("phone", str),
    OpenApiParameter("mobile", str),
    OpenApiParameter("company_id", int),
    OpenApiParameter("state", str, enum=["blocked", "deleted", "unverified", "verified"]),
    OpenApiParameter("updated_since", str, description="inclusive; fractional seconds accepted"),
    OpenApiParameter("_updated_since", str, description="the same as updated_since"),
    OpenApiParameter("page", int),
    OpenApiParameter("per_page", int),
]
