"""The printable partner map as a PDF (WeasyPrint), rendered from our own HTML without fetching anything."""

from django.contrib.staticfiles import finders


def html_to_pdf(html: str) -> bytes:
    """A PDF of `html` styled by our print stylesheet. No URL is ever fetched: not a file, not the network."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> None:
            raise ValueError("the partner map fetches nothing")

    stylesheet_path = finders.find("css/maillage.css")
    assert isinstance(stylesheet_path, str)
    with open(stylesheet_path, encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=NoFetching())
    pdf = HTML(string=html, url_fetcher=NoFetching()).write_pdf(stylesheets=[css])
    assert pdf is not None
    return pdf
