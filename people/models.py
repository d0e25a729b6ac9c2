"""Read tables of people: contacts and agents, written only by projections (people/projections/)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper


class AgentProfile(models.Model):
    """An agent: a Django user who may call the API with an API key.

    A read table of the agent streams (`AgentRegistered`, ...), written by the accounts
    projection together with the Django user it authenticates as.
    """

    version = models.BigIntegerField(default=0)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="agent")
    api_key_hash = models.CharField(max_length=64, unique=True)
    is_admin = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # 1 global, 2 group, 3 restricted access (people/domain/agent_fields.py).
    ticket_scope = models.SmallIntegerField(default=1)
    # The agent's groups as the agent's stream holds them (deleted groups may linger until
    # their deletion reaches the stream; readers join people_group).
    group_ids = ArrayField(models.BigIntegerField(), default=list)
    # Empty only on rows written before roles: read as the roles of `is_admin`.
    role_ids = ArrayField(models.BigIntegerField(), default=list)
    occasional = models.BooleanField(default=False)
    signature = models.TextField(null=True)
    phone = models.TextField(null=True)
    mobile = models.TextField(null=True)
    job_title = models.TextField(null=True)
    language = models.TextField(default="en")
    time_zone = models.TextField(default="UTC")
    active = models.BooleanField(default=True)
    available = models.BooleanField(default=False)
    available_since = models.DateTimeField(null=True)

    # What kind of account this credential opens (customers' is people/principals.py).
    actor_type = "agent"

    class Meta:
        db_table = "people_agent"
        verbose_name = "agent"
        # A group's members: `group_ids @> ARRAY[group]`.
        indexes = [GinIndex(fields=["group_ids"], name="agent_groups")]

    def __str__(self) -> str:
        return self.user.email


class ContactView(models.Model):
    """One row per contact, at stream `version`: the contact's whole state (lossless, see
    people/projections/rows.py)."""

    id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    name = models.TextField()
    email = models.TextField(null=True)
    phone = models.TextField(null=True)
    mobile = models.TextField(null=True)
    twitter_id = models.TextField(null=True)
    unique_external_id = models.TextField(null=True)
    other_emails = ArrayField(models.TextField(), default=list)
    address = models.TextField(null=True)
    description = models.TextField(null=True)
    job_title = models.TextField(null=True)
    language = models.TextField(default="en")
    time_zone = models.TextField(null=True)
    company_id = models.BigIntegerField(null=True)
    view_all_tickets = models.BooleanField(default=False)
    other_companies = models.JSONField(default=list)
    tags = ArrayField(models.TextField(), default=list)
    custom_fields = models.JSONField(default=dict)
    active = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "people_contact_view"
        verbose_name = "contact"
        indexes = [
            models.Index(fields=["email"], name="contact_email"),
            # `email=` finds a contact by any of its addresses.
            GinIndex(fields=["other_emails"], name="contact_other_emails"),
            models.Index(fields=["name", "id"], name="contact_name_order"),
            models.Index(fields=["phone"], name="contact_phone"),
            models.Index(fields=["mobile"], name="contact_mobile"),
            models.Index(fields=["company_id"], name="contact_company"),
            models.Index(fields=["updated_at", "id"], name="contact_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email or ''}>"


class GroupView(models.Model):
    """One row per group, at stream `version` (deleted groups stay, flagged). Members are
    not here: each agent's row lists its `group_ids`."""

    id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    name = models.TextField()
    description = models.TextField(null=True)
    business_hour_id = models.BigIntegerField(null=True)
    escalate_to = models.BigIntegerField(null=True)
    unassigned_for = models.TextField()
    auto_ticket_assign = models.SmallIntegerField()
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "people_group"
        verbose_name = "group"

    def __str__(self) -> str:
        return self.name


class CompanyView(models.Model):
    """One row per company, at stream `version`; a deleted company keeps its row, marked."""

    id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    deleted = models.BooleanField(default=False)
    name = models.TextField()
    description = models.TextField(null=True)
    domains = ArrayField(models.TextField(), default=list)
    note = models.TextField(null=True)
    health_score = models.TextField(null=True)
    account_tier = models.TextField(null=True)
    renewal_date = models.DateTimeField(null=True)
    industry = models.TextField(null=True)
    custom_fields = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "people_company_view"
        verbose_name = "company"
        verbose_name_plural = "companies"
        indexes = [
            # Autocomplete: UPPER(name) LIKE UPPER('ac%') can use it.
            models.Index(OpClass(Upper("name"), name="text_pattern_ops"), name="company_name_prefix"),
            # Lists go by name whatever its case (then id).
            models.Index(Upper("name"), F("id"), name="company_name"),
            models.Index(fields=["updated_at", "id"], name="company_updated"),
            GinIndex(fields=["domains"], name="company_domains"),
        ]

    def __str__(self) -> str:
        return self.name
class CustomerKeyView(models.Model):
    """A contact's customer API key (by its hash), at the key stream's `version`; written by
    the customer-keys projection. A revoked key leaves the row with no hash."""

    contact_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    # Indexed, not unique: the key claim streams keep keys unique on the write side, and a
    # key passed from one contact to another must not trip over the order rows are written.
    key_hash = models.CharField(max_length=64, null=True, db_index=True)
    issued_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "people_customer_key"
        verbose_name = "customer API key"
