"""People's routing table: every command, query and projection, registered once."""

from __future__ import annotations


def register_all() -> None:
    from people.domain import agents as a
    from people.domain import contacts as c
    from people.handlers import agents, contacts
    from people.projections.agents import AccountsProjection
    from people.projections.contacts import ContactsProjection
    from people.queries import agents as agent_queries
    from people.queries import contacts as contact_queries
    from shopnest.mediator import mediator
    from shopnest.projections import registry

    commands = {
        a.RegisterAgent: agents.register_agent,
        a.ChangeAgentPassword: agents.change_agent_password,
        a.RecordSignIn: agents.record_sign_in,
        c.CreateContact: contacts.create_contact,
        c.UpdateContact: contacts.update_contact,
        c.DeleteContact: contacts.change_contact,
        c.RestoreContact: contacts.change_contact,
        c.MakeContactAgent: contacts.make_agent,
    }
    for command_type, handler in commands.items():
        mediator.register_command(command_type, handler)

    queries = {
        agent_queries.ListAgents: agent_queries.list_agents,
        agent_queries.GetAgent: agent_queries.get_agent,
        contact_queries.ListContacts: contact_queries.list_contacts,
        contact_queries.GetContact: contact_queries.get_contact,
        contact_queries.AutocompleteContacts: contact_queries.autocomplete_contacts,
    }
    for query_type, handler in queries.items():
        mediator.register_query(query_type, handler)

    registry.register(AccountsProjection())
    registry.register(ContactsProjection())
