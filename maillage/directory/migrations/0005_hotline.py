# Reviewed: national numbers as data, in both languages of the interface.

import maillage.directory.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0004_capacity'),
    ]

    operations = [
        migrations.CreateModel(
            name='Hotline',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('number', models.CharField(max_length=32, unique=True, verbose_name='number')),
                ('name_fr', models.CharField(max_length=120, verbose_name='name (French)')),
                ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                ('purpose_fr', models.TextField(max_length=1000, verbose_name='what it is for (French)')),
                ('purpose_en', models.TextField(max_length=1000, verbose_name='what it is for (English)')),
                ('hours_fr', models.CharField(max_length=200, verbose_name='hours (French)')),
                ('hours_en', models.CharField(max_length=200, verbose_name='hours (English)')),
                ('channel', models.CharField(choices=[('call', 'Phone call'), ('text', 'Text message (SMS)')], max_length=8, verbose_name='how to reach it')),
                ('free_of_charge', models.BooleanField(default=True, verbose_name='free of charge')),
                ('is_emergency', models.BooleanField(default=False, verbose_name='emergency number')),
                ('languages', models.CharField(blank=True, max_length=200, validators=[maillage.directory.models.validate_languages], verbose_name='languages')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position in lists')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'hotline',
                'verbose_name_plural': 'hotlines',
                'ordering': ['position', 'number'],
            },
        ),
    ]
