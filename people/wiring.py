"""People's routing table: every command, query and projection, registered once."""

from __future__ import annotations


def register_all() -> None:
    from people.domain import agents as a
    from people.domain.erasure import EraseContact
    from people.handlers import agents, erasure
    from people.projections.agents import AccountsProjection
    from people.projections.contacts import ContactsProjection
    from people.queries import agents as agent_queries
    from shopnest.mediator import mediator
    from shopnest.projections import registry

    commands = {
        a.RegisterAgent: agents.register_agent,
        a.ChangeAgentPassword: agents.change_agent_password,
        a.RecordSignIn: agents.record_sign_in,
        EraseContact: erasure.erase_contact,
    }
    for command_type, handler in commands.items():
        mediator.register_command(command_type, handler)

    queries = {
        agent_queries.ListAgents: agent_queries.list_agents,
        agent_queries.GetAgent: agent_queries.get_agent,
    }
    for query_type, handler in queries.items():
        mediator.register_query(query_type, handler)

    registry.register(AccountsProjection())
    registry.register(ContactsProjection())
