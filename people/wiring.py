"""People's routing table: every command, query and projection, registered once."""

from __future__ import annotations


def register_all() -> None:
    from people.domain import agent_changes as ac
    from people.domain import agents as a
    from people.domain import companies as co
    from people.domain import contacts as c
    from people.domain import customer_keys as ck
    from people.domain import groups as g
    from people.domain.erasure import EraseContact
    from people.handlers import agents, companies, contacts, customer_keys, erasure, groups
    from people.projections.agents import AccountsProjection
    from people.projections.companies import CompaniesProjection
    from people.projections.contacts import ContactsProjection
    from people.projections.customer_keys import CustomerKeysProjection
    from people.projections.groups import GroupsProjection
    from people.queries import agents as agent_queries
    from people.queries import companies as company_queries
    from people.queries import contacts as contact_queries
    from people.queries import feed
    from people.queries import groups as group_queries
    from people.queries import roles as role_queries
    from shopnest.feed import visibility
    from shopnest.mediator import mediator
    from shopnest.projections import registry

    commands = {
        a.RegisterAgent: agents.register_agent,
        a.ChangeAgentPassword: agents.change_agent_password,
        a.RecordSignIn: agents.record_sign_in,
        ac.UpdateAgent: agents.update_agent,
        ac.DeactivateAgent: agents.deactivate_agent,
        ac.RotateAgentKey: agents.rotate_agent_key,
        g.CreateGroup: groups.create_group,
        g.UpdateGroup: groups.update_group,
        g.DeleteGroup: groups.delete_group,
        co.CreateCompany: companies.create_company,
        co.UpdateCompany: companies.update_company,
        co.DeleteCompany: companies.delete_company,
        c.CreateContact: contacts.create_contact,
        c.UpdateContact: contacts.update_contact,
        c.DeleteContact: contacts.change_contact,
        c.RestoreContact: contacts.change_contact,
        c.MakeContactAgent: contacts.make_agent,
        ck.IssueCustomerKey: customer_keys.issue_customer_key,
        EraseContact: erasure.erase_contact,
    }
    for command_type, handler in commands.items():
        mediator.register_command(command_type, handler)

    queries = {
        agent_queries.ListAgents: agent_queries.list_agents,
        agent_queries.GetAgent: agent_queries.get_agent,
        agent_queries.AutocompleteAgents: agent_queries.autocomplete_agents,
        group_queries.ListGroups: group_queries.list_groups,
        group_queries.GetGroup: group_queries.get_group,
        role_queries.ListRoles: role_queries.list_roles,
        role_queries.GetRole: role_queries.get_role,
        company_queries.ListCompanies: company_queries.list_companies,
        company_queries.GetCompany: company_queries.get_company,
        company_queries.AutocompleteCompanies: company_queries.autocomplete_companies,
        company_queries.ListCompanyFields: company_queries.list_company_fields,
        contact_queries.ListContacts: contact_queries.list_contacts,
        contact_queries.GetContact: contact_queries.get_contact,
        contact_queries.AutocompleteContacts: contact_queries.autocomplete_contacts,
    }
    for query_type, handler in queries.items():
        mediator.register_query(query_type, handler)

    registry.register(AccountsProjection())
    registry.register(ContactsProjection())
    registry.register(GroupsProjection())
    registry.register(CompaniesProjection())
    registry.register(CustomerKeysProjection())
    for stream_type, stream_feed in feed.FEEDS.items():
        visibility.register(stream_type, stream_feed)
