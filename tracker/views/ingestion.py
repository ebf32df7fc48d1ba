"""Staff pages for bringing articles in: upload, paste URLs, and follow each run."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tracker import history
from tracker.forms import UploadForm, UrlForm, url_problem
from tracker.ingest import inline, queue, service, sources
from tracker.models import IngestItem, IngestRun, Source

can_ingest = permission_required("tracker.add_ingestrun", raise_exception=True)


@login_required
@can_ingest
def run_list(request: HttpRequest) -> HttpResponse:
    forget_stopped_requests()
    runs = IngestRun.objects.with_counts().select_related("source", "created_by")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sources": Source.objects.annotate(
            n_articles=Count(
                "runs__items", filter=Q(runs__items__status=IngestItem.Status.CREATED)
            )
        ),
        "upload_form": UploadForm(),
        "url_form": UrlForm(),
    }
    return render(request, "tracker/run_list.html", context)


@login_required
@can_ingest
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forget_stopped_requests()
    run = get_object_or_404(IngestRun.objects.with_counts(), pk=pk)
    items = run.items.select_related("article").order_by("status", "pk")
    template = (
        "tracker/_run_progress.html" if request.htmx else "tracker/run_detail.html"
    )
    return render(request, template, {"run": run, "items": items})


@login_required
@can_ingest
@require_http_methods(["POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "tracker/run_list.html",
            {"upload_form": form, "url_form": UrlForm()},
            status=400,
        )
    files = form.cleaned_data["files"]
    with transaction.atomic():
        run = service.start_run(
            IngestRun.Origin.UPLOAD, label_for(files), user=request.user
        )
        items = []
        for file in files:
            # Each file has its own outcome: a bad one is a failed item, not a refusal.
            items += service.add_upload(run, file.name, file.size, file.read)
        queue.enqueue(items)
    return redirect(run)


@login_required
@can_ingest
@require_http_methods(["POST"])
def add_urls(request: HttpRequest) -> HttpResponse:
    form = UrlForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "tracker/run_list.html",
            {"upload_form": UploadForm(), "url_form": form},
            status=400,
        )
    urls = form.cleaned_data["urls"]
    with transaction.atomic():
        run = service.start_run(
            IngestRun.Origin.URLS,
            urls[0] if len(urls) == 1 else f"URL {len(urls)}개 ({len(urls)} URLs)",
            user=request.user,
        )
        items = []
        for url in urls:
            if problem := url_problem(url):
                service.add_failed(run, IngestItem.Kind.URL, url, problem)
            else:
                items.append(service.add_url(run, url))
        queue.enqueue(items)
    return redirect(run)


@login_required
@permission_required("tracker.change_source", raise_exception=True)
@require_http_methods(["POST"])
def enable_source(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    sources.reenable(source)
    history.record(source, "source re-enabled", request.user)
    messages.success(request, _("%s will be polled again.") % source)
    return redirect("tracker:run-list")


@login_required
@permission_required("tracker.change_rawdocument", raise_exception=True)
@require_http_methods(["POST"])
def reextract_failed(request: HttpRequest, pk: int) -> HttpResponse:
    """Try extraction again on the documents that failed in a run (after a rules fix)."""
    run = get_object_or_404(IngestRun, pk=pk)
    raw_ids = run.items.filter(
        status=IngestItem.Status.FAILED, raw__isnull=False
    ).values_list("raw", flat=True)
    with transaction.atomic():
        again = service.reextract(list(raw_ids), user=request.user)
    return redirect(again)


def forget_stopped_requests() -> None:
    """Without a worker (tasks eager), items run inside the request that made them;
    one that died with its request is failed here, where someone would wait for it."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        inline.fail_orphans()


def label_for(files) -> str:
    names = [f.name for f in files]
    return names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1})"
