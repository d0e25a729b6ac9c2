"""The ticket queue and the ticket page of the back office."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from shopnest.api.integers import MAX_NUMBER_DIGITS, parse_integer
from shopnest.domain.errors import AccessDenied, Conflict, PreconditionFailed
from shopnest.eventstore import streams
from shopnest.projections import consistency
from tickets.access import access_of
from tickets.admin import actions, filters, forms
from tickets.admin.access import AgentAccessMixin, is_agent
from tickets.admin.commands import REFUSALS, admin_context, ask, build, send
from tickets.admin.names import display_names
from tickets.admin.timeline import newest_acts, timeline
from tickets.domain.aggregate import TICKET
from tickets.domain.codes import Priority, Status
from tickets.domain.commands import CreateTicket
from tickets.models import TicketView
from tickets.projections.rows import ticket_row
from tickets.queries.access import visible
from tickets.queries.messages import GetTicket, GetTicketActivities, GetTicketThread

# Activities per page of the timeline; a page may run over by the rest of its oldest act (the
# events of one command), seen among the lookahead.
TIMELINE_PAGE = 50
TIMELINE_LOOKAHEAD = 20
STALE = ("Some of your latest changes are still being processed and may not show yet; "
         "reload in a moment.")
CONFLICT = ("Someone else changed this ticket while you were editing it. Their change is shown "
            "below; your input is kept in the form — review it and submit again.")


@admin.register(TicketView)
class TicketViewAdmin(AgentAccessMixin, admin.ModelAdmin):
    list_display = ("id", "subject", "requester", "status_label", "priority_label",
                    "group_id", "agent", "updated_at")
    list_display_links = ("id", "subject")
    list_filter = (filters.QueueFilter, "status", "priority", filters.GroupFilter,
                   filters.AgentFilter)
    search_fields = ("subject", "requester_email")
    ordering = ("-updated_at", "-id")
    list_per_page = 50
    show_full_result_count = False
    actions = [actions.assign_to_me, actions.close_tickets, actions.mark_spam,
               *actions.PRIORITY_ACTIONS]
    change_form_template = "admin/tickets/ticketview/ticket_page.html"
    add_form_template = "admin/tickets/ticketview/new_ticket.html"

    def get_queryset(self, request):
        # The agent's name comes from a subquery in the same SELECT: no query per row.
        users = get_user_model().objects.filter(id=OuterRef("responder_id"))
        # The queue, its counts and its actions hold only the tickets the agent may see.
        rows = visible(super().get_queryset(request), access_of(admin_context(request)))
        return rows.annotate(
            responder_name=Subquery(users.values("first_name")[:1]))

    def has_add_permission(self, request) -> bool:
        return is_agent(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_agent(request.user)

    @admin.display(description="Requester", ordering="requester_email")
    def requester(self, ticket) -> str:
        return ticket.requester_email or f"#{ticket.requester_id}"

    @admin.display(description="Status", ordering="status")
    def status_label(self, ticket) -> str:
        return _label(Status, ticket.status)

    @admin.display(description="Priority", ordering="priority")
    def priority_label(self, ticket) -> str:
        return _label(Priority, ticket.priority)

    @admin.display(description="Agent", ordering="responder_id")
    def agent(self, ticket) -> str:
        return ticket.responder_name or ("—" if ticket.responder_id is None else f"#{ticket.responder_id}")

    # -- the ticket page: commands, never model saves ---------------------------------
    def changelist_view(self, request, extra_context=None):
        # After a bulk action the agent lands here: show the queue with their changes in it.
        principal = admin_context(request).principal
        if principal and not consistency.wait_for_own_writes(principal, ("tickets",)):
            messages.warning(request, STALE)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request) or (
                request.method == "POST" and not self.has_change_permission(request)):
            raise PermissionDenied
        ticket_id = _ticket_id(object_id)
        try:
            found = ask(request, GetTicket(ticket_id=ticket_id))
        except AccessDenied:
            raise PermissionDenied from None
        if consistency.consistency_state.get() == "stale":
            messages.warning(request, STALE)
        if found is None:
            raise Http404("No such ticket")
        bound = {}
        if request.method == "POST":
            bound = self._handle_post(request, ticket_id)
            if bound is None:
                return HttpResponseRedirect(request.path)
        row = TicketView.objects.filter(id=ticket_id).values().first()
        return self._render_page(request, row, bound)

    def _handle_post(self, request, ticket_id: int) -> dict | None:
        """Send the posted form's command; return the forms to show again, or None on success."""
        action = request.POST.get("action", "")
        try:
            submission = build(action, request.POST, ticket_id, _seen_row(request.POST, ticket_id))
        except ValueError:
            messages.error(request, "Unknown action.")
            return {}
        if submission.command is None:
            return {action: submission.form}
        try:
            send(request, submission.command)
        except REFUSALS as exc:
            if isinstance(exc, Conflict | PreconditionFailed):
                messages.error(request, CONFLICT)
                return {action: _rebased(submission.form, ticket_id)}
            messages.error(request, exc.describe())
            return {action: submission.form} if submission.form is not None else {}
        messages.success(request, submission.success)
        return None

    def _render_page(self, request, row: dict, bound: dict):
        ticket_id = row["id"]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Ticket #{ticket_id}: {row['subject'] or '(no subject)'}",
            "opts": self.model._meta,
            "ticket": row,
            "status_label": _label(Status, row["status"]),
            "priority_label": _label(Priority, row["priority"]),
            "properties_form": bound.get("update") or forms.PropertiesForm.for_row(row),
            "reply_form": bound.get("reply") or forms.ReplyForm(),
            "note_form": bound.get("note") or forms.NoteForm(),
            "thread": _with_authors(ask(request, GetTicketThread(ticket_id=ticket_id))),
            **_timeline_page(request, ticket_id),
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.change_form_template, context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = forms.NewTicketForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            command = CreateTicket(fields={
                "email": data["email"], "name": data["name"] or None,
                **{k: data[k] for k in ("subject", "description", "status", "priority")}})
            try:
                outcome = send(request, command)
            except REFUSALS as exc:
                messages.error(request, exc.describe())
            else:
                ticket_id = outcome.result["ticket"]["id"]
                messages.success(request, f"Ticket #{ticket_id} created.")
                return HttpResponseRedirect(
                    reverse("admin:tickets_ticketview_change", args=[ticket_id]))
        context = {**self.admin_site.each_context(request), "title": "New ticket", "form": form,
                   "opts": self.model._meta}
        return TemplateResponse(request, self.add_form_template, context)


def _timeline_page(request, ticket_id: int) -> dict:
    """The timeline's page: the newest acts before `?activity_before=<version>` (the newest
    of all without it), and the version to go on from when older ones remain."""
    before = parse_integer(request.GET.get("activity_before", ""))
    found = ask(request, GetTicketActivities(
        ticket_id=ticket_id, before_version=before if before and before > 0 else None,
        limit=TIMELINE_PAGE + TIMELINE_LOOKAHEAD, newest_first=True))
    shown = newest_acts(found.activities if found else [], TIMELINE_PAGE)
    older = found is not None and (found.more or len(shown) < len(found.activities))
    return {"timeline": timeline(shown[::-1]),
            "timeline_older": shown[-1]["version"] if older and shown else None,
            "timeline_paged": before is not None}


def _seen_row(data, ticket_id: int) -> dict | None:
    """The ticket as the agent saw it (at the version their form carries), from its events."""
    version = parse_integer(data.get("version"), max_digits=MAX_NUMBER_DIGITS)  # as the form
    if version is None:
        return None
    return ticket_row(streams.load_at(TICKET, ticket_id, version))


def _rebased(form, ticket_id: int):
    """Keep what the agent changed, on top of the ticket as it is now, at its current version:
    a resubmit applies their change without undoing the other agent's."""
    if not isinstance(form, forms.PropertiesForm) or not form.is_valid():
        return form
    mine = form.changes(_seen_row(form.data, ticket_id))
    now = ticket_row(streams.load(TICKET, ticket_id))
    return forms.PropertiesForm(forms.PropertiesForm.data_for_row({**now, **mine}))


def _with_authors(thread: list[dict]) -> list[dict]:
    """Name each reply's and note's author (an agent or a contact)."""
    names = display_names(c["user_id"] for c in thread)
    return [{**c, "author": names.get(c["user_id"], f"user {c['user_id']}")} for c in thread]


def _ticket_id(object_id: str) -> int:
    ticket_id = parse_integer(str(object_id))
    if ticket_id is None:
        raise Http404("No such ticket")
    return ticket_id


def _label(enum, value) -> str:
    try:
        return enum(value).name.replace("_", " ").title()
    except ValueError:
        return str(value)
