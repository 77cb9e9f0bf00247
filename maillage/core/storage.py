"""Where uploaded documents live: a folder outside the web root, never served as static files."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def documents_storage() -> FileSystemStorage:
    """A callable, so that the folder comes from the settings at run time, not from a migration."""
    return FileSystemStorage(location=settings.DOCUMENTS_ROOT, base_url=None)
