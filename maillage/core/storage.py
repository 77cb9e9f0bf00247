"""Where uploaded documents live: a folder outside the web root, never served as static files."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class DocumentsStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.DOCUMENTS_ROOT, base_url=None)


documents_storage = DocumentsStorage()
