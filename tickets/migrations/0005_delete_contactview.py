"""ContactView moved to the people app (people/migrations/0001), its table with it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0004_conversation_rows_hold_state'),
        ('people', '0001_initial'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.DeleteModel(name='ContactView'),
    ])]
