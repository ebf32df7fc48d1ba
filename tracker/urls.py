from django.urls import path

from tracker.models import ReviewState
from tracker.syndication import ArticleFeed
from tracker.views import (
    alerts,
    curation,
    dashboard,
    districts,
    exports,
    health,
    ingestion,
    initiatives,
    review,
    review_initiatives,
    scope,
    spreadsheets,
)

app_name = "tracker"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", dashboard.healthz, name="healthz"),
    path("articles/", dashboard.article_list, name="article-list"),
    path("articles/export.csv", exports.articles_csv, name="article-export"),
    path("articles/<int:pk>/", dashboard.article_detail, name="article-detail"),
    path("articles/<int:pk>/scope/", scope.correct_scope, name="article-scope"),
    path("initiatives/", initiatives.initiative_list, name="initiative-list"),
    path("initiatives/export.csv", exports.initiatives_csv, name="initiative-export"),
    path(
        "initiatives/matrix/",
        initiatives.initiative_matrix,
        name="initiative-matrix",
    ),
    path("initiatives/matrix.csv", initiatives.matrix_csv, name="matrix-export"),
    path(
        "initiatives/<slug:slug>/",
        initiatives.initiative_detail,
        name="initiative-detail",
    ),
    path("districts.csv", exports.districts_csv, name="district-export"),
    path("evidence.csv", exports.evidence_csv, name="evidence-export"),
    # --- districts compared (tracker/views/districts.py) ---
    path("compare/", districts.compare, name="compare"),
    path("compare/print/", districts.compare_print, name="compare-print"),
    path("compare.csv", districts.compare_csv, name="compare-export"),
    # --- end districts compared ---
    path(
        "initiatives/<slug:slug>/merge/",
        curation.merge_initiative,
        name="initiative-merge",
    ),
    path("review/quality/", curation.quality_figures, name="quality"),
    path("review/history/", curation.history, name="history"),
    path("ingest/", ingestion.run_list, name="run-list"),
    path("ingest/upload/", ingestion.upload, name="upload"),
    path("ingest/urls/", ingestion.add_urls, name="add-urls"),
    path("ingest/runs/<int:pk>/", ingestion.run_detail, name="run-detail"),
    path(
        "ingest/runs/<int:pk>/reextract/",
        ingestion.reextract_failed,
        name="run-reextract",
    ),
    path(
        "ingest/sources/<int:pk>/enable/", ingestion.enable_source, name="source-enable"
    ),
    path("review/", review.review_queue, name="review-queue"),
    path("review/approve/", review.bulk_approve, name="review-bulk-approve"),
    path("review/confirm/", review.bulk_confirm, name="review-bulk-confirm"),
    path("review/articles/<int:pk>/approve/", review.approve, name="review-approve"),
    path("review/articles/<int:pk>/reject/", review.reject, name="review-reject"),
    path(
        "review/articles/<int:pk>/duplicate/",
        review.mark_duplicate,
        name="review-duplicate",
    ),
    path(
        "review/articles/<int:pk>/confirm-all/",
        review.confirm_all,
        name="review-confirm-all",
    ),
    path(
        "review/district-links/<int:pk>/confirm/",
        review.review_district_link,
        {"state": ReviewState.CONFIRMED},
        name="review-district-confirm",
    ),
    path(
        "review/district-links/<int:pk>/reject/",
        review.review_district_link,
        {"state": ReviewState.REJECTED},
        name="review-district-reject",
    ),
    path(
        "review/district-links/<int:pk>/change/",
        review.change_district_link,
        name="review-district-change",
    ),
    path(
        "review/initiative-links/<int:pk>/confirm/",
        review.review_initiative_link,
        {"state": ReviewState.CONFIRMED},
        name="review-initiative-confirm",
    ),
    path(
        "review/initiative-links/<int:pk>/reject/",
        review.review_initiative_link,
        {"state": ReviewState.REJECTED},
        name="review-initiative-reject",
    ),
    path(
        "review/initiative-links/<int:pk>/change/",
        review.change_initiative_link,
        name="review-initiative-change",
    ),
    # Discovered initiatives awaiting review (issue 9): one endpoint per decision.
    path(
        "review/initiatives/<int:pk>/confirm/",
        review_initiatives.confirm,
        name="review-suggested-confirm",
    ),
    path(
        "review/initiatives/<int:pk>/reject/",
        review_initiatives.reject,
        name="review-suggested-reject",
    ),
    path(
        "review/initiatives/<int:pk>/rename/",
        review_initiatives.rename,
        name="review-suggested-rename",
    ),
    path(
        "review/initiatives/<int:pk>/retype/",
        review_initiatives.retype,
        name="review-suggested-retype",
    ),
    path(
        "review/initiatives/<int:pk>/merge/",
        review_initiatives.merge,
        name="review-suggested-merge",
    ),
]

# --- Open data and alerts: Atom feeds, Excel, saved searches, source health ---
urlpatterns += [
    path("articles/feed/", ArticleFeed(), name="article-feed"),
    path(
        "articles/export.xlsx", spreadsheets.articles_xlsx, name="article-export-xlsx"
    ),
    path("alerts/", alerts.saved_search_list, name="saved-search-list"),
    path("alerts/save/", alerts.save_search, name="saved-search-save"),
    path("alerts/address/", alerts.set_address, name="saved-search-address"),
    path("alerts/<int:pk>/", alerts.update_saved_search, name="saved-search-update"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("ingest/health/", health.source_health, name="source-health"),
]
