"""The launch meeting and its agenda items go: 0005 made them launch-day events and their agendas."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('launch', '0005_launch_day_to_events'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='launchmeeting',
            name='community',
        ),
        migrations.DeleteModel(
            name='AgendaItem',
        ),
        migrations.DeleteModel(
            name='LaunchMeeting',
        ),
    ]
