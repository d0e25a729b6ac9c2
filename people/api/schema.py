"""OpenAPI descriptions of the agent and company endpoints' JSON (for /api/schema/ and /api/docs/).

Documentation only: the views answer with `api.agent_json`, these serializers describe it
(FRESHDESK_API.md §4.3) and are never used to read or write data.
"""

from __future__ import annotations

from rest_framework import serializers


class _Doc(serializers.Serializer):
    def create(self, validated_data):  # documentation only: never saves
        raise TypeError("schema serializers are not used for writing")

    def update(self, instance, validated_data):
        raise TypeError("schema serializers are not used for writing")


class AgentContactSerializer(_Doc):
    active = serializers.BooleanField()
    email = serializers.EmailField()
    job_title = serializers.CharField(allow_null=True)
    language = serializers.CharField()
    last_login_at = serializers.DateTimeField(allow_null=True)
    mobile = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    time_zone = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AgentSerializer(_Doc):
    id = serializers.IntegerField(help_text="the agent's user id")
    available = serializers.BooleanField()
    available_since = serializers.DateTimeField(allow_null=True)
    occasional = serializers.BooleanField()
    signature = serializers.CharField(allow_null=True, help_text="HTML")
    # Plain fields, not choices: an enum component named after the field ("TypeEnum") would
    # collide with the next resource that has a `type`.
    ticket_scope = serializers.IntegerField(help_text="1 global, 2 group, 3 restricted access")
    type = serializers.CharField(help_text="support_agent, field_agent or collaborator")
    group_ids = serializers.ListField(child=serializers.IntegerField())
    role_ids = serializers.ListField(child=serializers.IntegerField())
    skill_ids = serializers.ListField(child=serializers.IntegerField())
    focus_mode = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    contact = AgentContactSerializer()


class CompanyFieldsMixin(_Doc):
    description = serializers.CharField(required=False, allow_null=True)
    domains = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="domain names, unique across companies")
    note = serializers.CharField(required=False, allow_null=True)
    health_score = serializers.CharField(required=False, allow_null=True)
    account_tier = serializers.CharField(required=False, allow_null=True)
    renewal_date = serializers.DateTimeField(required=False, allow_null=True)
    industry = serializers.CharField(required=False, allow_null=True)
    custom_fields = serializers.DictField(required=False, help_text="string, number, boolean "
                                                                    "or null values")


class CompanyCreateSerializer(CompanyFieldsMixin):
    name = serializers.CharField(help_text="unique, case-insensitively")


class CompanyUpdateSerializer(CompanyFieldsMixin):
    name = serializers.CharField(required=False)


class CompanySerializer(CompanyFieldsMixin):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CompanyNameSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CompanyAutocompleteSerializer(_Doc):
    companies = CompanyNameSerializer(many=True)


class CompanyFieldSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()
    label = serializers.CharField()
    position = serializers.IntegerField()
    required_for_agent = serializers.BooleanField()
    type = serializers.CharField(help_text="default_name, default_domains, ...")
    default = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
