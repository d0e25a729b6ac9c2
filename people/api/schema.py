"""OpenAPI descriptions of the agent endpoints' JSON (for /api/schema/ and /api/docs/).

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


class AgentProfileWriteSerializer(_Doc):
    ticket_scope = serializers.IntegerField(help_text="1 global, 2 group, 3 restricted access")
    group_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    role_ids = serializers.ListField(child=serializers.IntegerField(), required=False,
                                     help_text="1 Account Administrator, 2 Administrator, "
                                               "3 Supervisor, 4 Agent (the default)")
    occasional = serializers.BooleanField(required=False)
    signature = serializers.CharField(required=False, allow_null=True, help_text="HTML")
    phone = serializers.CharField(required=False, allow_null=True)
    mobile = serializers.CharField(required=False, allow_null=True)
    job_title = serializers.CharField(required=False, allow_null=True)
    language = serializers.CharField(required=False)
    time_zone = serializers.CharField(required=False)


class AgentCreateSerializer(AgentProfileWriteSerializer):
    email = serializers.EmailField()
    name = serializers.CharField(required=False, help_text="defaults to the address's local part")


class AgentUpdateSerializer(AgentProfileWriteSerializer):
    ticket_scope = serializers.IntegerField(required=False,
                                            help_text="1 global, 2 group, 3 restricted access")
    email = serializers.EmailField(required=False)
    name = serializers.CharField(required=False)
    available = serializers.BooleanField(required=False,
                                         help_text="sets available_since when it changes")


class AgentSummarySerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()


class GroupSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    business_hour_id = serializers.IntegerField(allow_null=True)
    escalate_to = serializers.IntegerField(allow_null=True, help_text="an agent's id")
    unassigned_for = serializers.CharField(help_text="30m, 1h, 2h, 4h, 8h, 12h, 1d, 2d or 3d")
    auto_ticket_assign = serializers.IntegerField(
        help_text="0 off, 1 round robin, 2 skill based, 3 load based, 12 omniroute")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class GroupDetailSerializer(GroupSerializer):
    agent_ids = serializers.ListField(child=serializers.IntegerField())


class GroupWriteSerializer(_Doc):
    name = serializers.CharField(help_text="unique in any letter case; required on create")
    description = serializers.CharField(required=False, allow_null=True)
    business_hour_id = serializers.IntegerField(required=False, allow_null=True)
    escalate_to = serializers.IntegerField(required=False, allow_null=True)
    unassigned_for = serializers.CharField(required=False)
    auto_ticket_assign = serializers.IntegerField(required=False,
                                                  help_text="0, 1, 2, 3 or 12 (a bool: 0 or 1)")
    agent_ids = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      help_text="replaces the members")


class RoleSerializer(_Doc):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    default = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


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
