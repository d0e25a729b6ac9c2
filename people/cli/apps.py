from django.apps import AppConfig


class PeopleCommandsConfig(AppConfig):
    """People's management commands (createagent, createsuperuser, changepassword, ...).

    Listed before django.contrib.auth in INSTALLED_APPS so that these replace Django's
    commands of the same names, which would write the agents projection's rows around the
    event store. The people app itself (people/apps.py) comes after auth, so that its
    ready() runs after auth's.
    """

    name = "people.cli"
    label = "people_cli"
    verbose_name = "People's commands"
