# Reviewed: new optional columns (blank by default, so existing rows stay valid) and a validator.

import maillage.directory.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='agency',
            name='postcode',
            field=models.CharField(blank=True, max_length=5, validators=[maillage.directory.models.validate_postcodes], verbose_name='postcode'),
        ),
        migrations.AddField(
            model_name='agency',
            name='reception_address',
            field=models.CharField(blank=True, help_text='Only where the agency receives the public. Never the address of a shelter.', max_length=300, verbose_name='address of the public reception'),
        ),
        migrations.AddField(
            model_name='agency',
            name='website',
            field=models.URLField(blank=True, verbose_name='website'),
        ),
        migrations.AddField(
            model_name='agency',
            name='languages',
            field=models.CharField(blank=True, help_text='ISO 639 codes separated by commas, e.g. fr, en, ar', max_length=200, validators=[maillage.directory.models.validate_languages], verbose_name='languages spoken'),
        ),
        migrations.AddField(
            model_name='agency',
            name='accessibility',
            field=models.CharField(blank=True, help_text='e.g. step-free access, hearing loop, French Sign Language by appointment', max_length=500, verbose_name='accessibility'),
        ),
        migrations.AlterField(
            model_name='agency',
            name='department_code',
            field=models.CharField(help_text='e.g. 82, 2A, 974', max_length=3, validators=[maillage.directory.models.validate_departments], verbose_name='department'),
        ),
    ]
