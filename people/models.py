"""Read tables of people: contacts and agents, written only by projections (people/projections/)."""

from django.conf import settings
from django.db import models


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

    # What kind of account this credential opens (customers' is people/principals.py).
    actor_type = "agent"

    class Meta:
        db_table = "people_agent"
        verbose_name = "agent"

    def __str__(self) -> str:
        return self.user.email


class ContactView(models.Model):
    """One row per contact (requesters), at stream `version`."""

    id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    name = models.TextField()
    email = models.TextField(null=True)
    phone = models.TextField(null=True)
    mobile = models.TextField(null=True)
    twitter_id = models.TextField(null=True)
    unique_external_id = models.TextField(null=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "people_contact_view"
        verbose_name = "contact"
        indexes = [models.Index(fields=["email"], name="contact_email")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email or ''}>"


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
