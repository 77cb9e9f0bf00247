from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import (
    POSTCODE,
    Agency,
    AgencyKind,
    Language,
    MovePhase,
    join_list,
    split_list,
)
from maillage.directory.selectors import DirectorySearch
from maillage.directory.spreadsheet import FORMATS, MAX_UPLOAD_BYTES


class AgencyContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Agency
        fields = [
            "name",
            "department_code",
            "municipality",
            "postcode",
            "reception_address",
            "email",
            "phone",
            "website",
            "languages",
            "accessibility",
            "closing_needs_approval",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["languages"] = split_list(self.instance.languages)

    def clean_languages(self) -> str:
        return join_list(self.cleaned_data["languages"])


class DirectorySearchForm(forms.Form):
    """The directory's filters, read from the query string; a value that is not valid is left out."""

    q = forms.CharField(required=False, max_length=100, strip=True)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *AgencyKind.choices])
    phase = forms.ChoiceField(required=False, choices=[("", ""), *MovePhase.choices])
    language = forms.ChoiceField(required=False, choices=[("", ""), *Language.choices])
    postcode = forms.RegexField(
        required=False, regex=POSTCODE, error_messages={"invalid": _("A postcode has five digits.")}
    )

    def __init__(self, data: Any) -> None:
        bounded = {name: data.get(name, "")[:100] for name in ("q", "kind", "phase", "language", "postcode")}
        super().__init__(bounded)

    def criteria(self) -> DirectorySearch:
        self.is_valid()
        valid = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return DirectorySearch(
            search=valid.get("q", ""),
            kind=valid.get("kind", ""),
            phase=valid.get("phase", ""),
            language=valid.get("language", ""),
            postcode=valid.get("postcode", ""),
        )


class CapacityForm(forms.Form):
    places_free = forms.IntegerField(label=_("Free places"), min_value=0, max_value=10_000)
    places_total = forms.IntegerField(label=_("Places in all"), min_value=0, max_value=10_000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DirectoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX, 2 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."), code="too_large")
        if upload.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise forms.ValidationError(_("Send a CSV or XLSX file."), code="wrong_type")
        return upload
