from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tracker.ingest.uploads import MAX_ZIP_FACTOR
from tracker.models import Article
from tracker.models.ingestion import url_too_long


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".html,.htm,.txt,.zip"})
        )
        # An empty file is one failed item of the run, not a reason to refuse the rest.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            # No file at all arrives as []; cleaning None raises the "required" error.
            return [clean_one(item, initial) for item in data] or [
                clean_one(None, initial)
            ]
        return [clean_one(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Article files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = upload_limits()


def upload_limits() -> str:
    """The limits an upload runs under, as the form states them."""
    size = settings.INGEST_MAX_BYTES
    return _(
        "Up to %(files)d files at a time: .html, .htm or .txt, each up to %(size)s, "
        "or .zip archives of them up to %(zip)s. Empty, oversized or unsupported "
        "files are listed in the run with their reason; the others are ingested."
    ) % {
        "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "size": megabytes(size),
        "zip": megabytes(size * MAX_ZIP_FACTOR),
    }


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


class UrlForm(forms.Form):
    urls = forms.CharField(
        label=_("Article URLs"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "https://..."}),
        help_text=_("One URL per line."),
    )

    def clean_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines()]
        urls = list(dict.fromkeys(line for line in lines if line))
        if not urls:
            raise ValidationError(_("Enter at least one URL."))
        if len(urls) > 200:
            raise ValidationError(_("At most 200 URLs at a time."))
        return urls


def url_problem(url: str) -> str:
    """Why `url` cannot be fetched at all, or "" (address checks happen at fetch time)."""
    if problem := url_too_long(url):
        return problem
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return "올바른 http(s) URL이 아닙니다 (not a valid http or https URL)."
    return ""


# --- the scope correction on an article page (tracker/views/scope.py) ---


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(
        choices=Article.Scope.choices, label=_("Where it belongs")
    )
    relevant = forms.TypedChoiceField(
        choices=[
            ("yes", _("about AI policy")),
            ("no", _("not about AI policy")),
        ],
        coerce=lambda value: value == "yes",
        label=_("Subject"),
    )
    reason = forms.CharField(required=False, max_length=300, label=_("Reason"))

    @classmethod
    def for_article(cls, article: Article) -> "ScopeForm":
        return cls(
            initial={
                "scope": article.scope,
                "relevant": "yes" if article.is_relevant else "no",
            },
            auto_id="scope-%s",
        )
