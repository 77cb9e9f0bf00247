"""Data kept in both languages in `<field>_fr` and `<field>_en` columns (hotlines, legal bases)."""

from django.utils.translation import get_language


class BilingualFields:
    """Reads the column of the request's language: French, unless the user chose English."""

    def in_language(self, field: str) -> str:
        french = (get_language() or "fr").startswith("fr")
        return str(getattr(self, f"{field}_fr" if french else f"{field}_en"))
