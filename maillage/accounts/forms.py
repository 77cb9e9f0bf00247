from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Role


class ChooseAgencyForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency you are acting for"), widget=forms.RadioSelect)

    def __init__(self, *args: object, agencies: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ChoiceField)
        agency_field.choices = [(str(agency.pk), agency.name) for agency in agencies]


class AddMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Professional email address"))
    # The least powerful role that can work on situations, never the administrator's, by default.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PRACTITIONER)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeactivateMembershipForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CreateApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “agency reporting script”.")
    )
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)
