# Reviewed: two new tables. Agencies are never deleted while a service refers to them (PROTECT);
# a service's permanences go with it.

import django.db.models.deletion
import maillage.directory.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_agency_public_details'),
    ]

    operations = [
        migrations.CreateModel(
            name='Service',
            fields=[
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                ('move_phase', models.CharField(choices=[('first_line', 'First-line'), ('secondary', 'Secondary'), ('specialised', 'Specialised')], max_length=16, verbose_name='MOVE phase')),
                ('languages', models.CharField(blank=True, max_length=200, validators=[maillage.directory.models.validate_languages], verbose_name='languages spoken')),
                ('accessibility', models.CharField(blank=True, max_length=500, verbose_name='accessibility')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                ('phone', models.CharField(blank=True, max_length=32, verbose_name='contact phone')),
                ('opening_hours', models.CharField(blank=True, max_length=300, verbose_name='opening hours')),
                ('covered_postcodes', models.CharField(blank=True, max_length=1000, validators=[maillage.directory.models.validate_postcodes], verbose_name='postcodes covered')),
                ('covered_municipalities', models.CharField(blank=True, max_length=1000, verbose_name='municipalities covered')),
                ('covered_departments', models.CharField(blank=True, max_length=200, validators=[maillage.directory.models.validate_departments], verbose_name='departments covered')),
                ('provides_shelter', models.BooleanField(default=False, verbose_name='offers shelter places')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='directory.agency', verbose_name='agency')),
            ],
            options={
                'verbose_name': 'service',
                'verbose_name_plural': 'services',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('agency', 'name'), name='service_unique_name_per_agency')],
            },
        ),
        migrations.CreateModel(
            name='Permanence',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('place', models.CharField(blank=True, help_text='Where it is held, when the host is not in the directory.', max_length=200, verbose_name='place')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(1, 'Monday'), (2, 'Tuesday'), (3, 'Wednesday'), (4, 'Thursday'), (5, 'Friday'), (6, 'Saturday'), (7, 'Sunday')], verbose_name='day')),
                ('starts_at', models.TimeField(verbose_name='from')),
                ('ends_at', models.TimeField(verbose_name='to')),
                ('frequency', models.CharField(blank=True, help_text='e.g. every week, first Tuesday of the month', max_length=120, verbose_name='frequency')),
                ('host_agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hosted_permanences', to='directory.agency', verbose_name='host agency')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='permanences', to='directory.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'permanence',
                'verbose_name_plural': 'permanences',
                'ordering': ['weekday', 'starts_at'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='permanence_ends_after_start'),
                    models.CheckConstraint(condition=models.Q(('host_agency__isnull', False), models.Q(('place', ''), _negated=True), _connector='OR'), name='permanence_has_a_place'),
                ],
            },
        ),
    ]
