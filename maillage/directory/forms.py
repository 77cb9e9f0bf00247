from django import forms

from maillage.directory.models import Agency


class AgencyContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Agency
        fields = ["name", "department_code", "municipality", "email", "phone"]
