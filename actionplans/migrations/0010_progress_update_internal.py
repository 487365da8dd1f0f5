"""Progress updates can be internal notes; send-backs already stored become internal."""

from django.conf import settings
from django.db import migrations, models


def send_backs_are_internal(apps, schema_editor):
    ProgressUpdate = apps.get_model("actionplans", "ProgressUpdate")
    ProgressUpdate.objects.filter(sent_back=True).update(internal=True)


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0009_frozen_copy_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogressupdate',
            name='internal',
            field=models.BooleanField(default=False, help_text='Only people in this partnership see it, never in documents sent outside', verbose_name='Internal note'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='internal',
            field=models.BooleanField(default=False, help_text='Only people in this partnership see it, never in documents sent outside', verbose_name='Internal note'),
        ),
        migrations.RunPython(send_backs_are_internal, migrations.RunPython.noop),
    ]
