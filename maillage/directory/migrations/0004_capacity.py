# Reviewed: the current shelter places of a service (versioned, one row per service) and their history.

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0003_service_permanence'),
    ]

    operations = [
        migrations.CreateModel(
            name='Capacity',
            fields=[
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('places_total', models.PositiveIntegerField(verbose_name='places in all')),
                ('places_free', models.PositiveIntegerField(verbose_name='free places')),
                ('as_of', models.DateTimeField(verbose_name='as of')),
                ('service', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='capacity', to='directory.service')),
            ],
            options={
                'verbose_name': 'capacity',
                'verbose_name_plural': 'capacities',
                'constraints': [models.CheckConstraint(condition=models.Q(('places_free__lte', models.F('places_total'))), name='capacity_free_within_total')],
            },
        ),
        migrations.CreateModel(
            name='CapacityRecord',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('places_total', models.PositiveIntegerField(verbose_name='places in all')),
                ('places_free', models.PositiveIntegerField(verbose_name='free places')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='capacity_records', to='directory.service')),
            ],
            options={
                'verbose_name': 'capacity record',
                'verbose_name_plural': 'capacity records',
                'ordering': ['-recorded_at'],
            },
        ),
    ]
