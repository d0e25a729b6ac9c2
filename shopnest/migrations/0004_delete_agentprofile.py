"""AgentProfile moved to the people app (people/migrations/0001), its table with it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('shopnest', '0003_agent_user_names'),
        ('people', '0001_initial'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.DeleteModel(name='AgentProfile'),
    ])]
