"""What the API says about each thing. Every link and initiative carries its
`review_state`, so an unconfirmed suggestion never passes for a curator's record."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from districts.models import District
from tracker.models import Article, DistrictLink, Initiative, InitiativeLink


class PageUrl(serializers.Field):
    """The object's page on the site, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


PageUrl = extend_schema_field({"type": "string", "format": "uri"})(PageUrl)


class KindSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    oecd_category = serializers.CharField()


class DistrictRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["slug", "code", "name_ko", "name_en"]


class InitiativeRefSerializer(serializers.ModelSerializer):
    kind = KindSerializer(allow_null=True)
    page_url = PageUrl()

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "name_ko",
            "name_en",
            "kind",
            "stage",
            "origin",
            "review_state",
            "page_url",
        ]


class DistrictLinkSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer()

    class Meta:
        model = DistrictLink
        fields = [
            "district",
            "role",
            "mentions",
            "confidence",
            "evidence",
            "spans",
            "origin",
            "review_state",
        ]


class InitiativeLinkSerializer(serializers.ModelSerializer):
    """An article's report of an initiative: the event, its date and the sentence."""

    initiative = InitiativeRefSerializer()

    class Meta:
        model = InitiativeLink
        fields = [
            "initiative",
            "event",
            "event_date",
            "event_date_precision",
            "name_as_reported",
            "evidence",
            "evidence_span",
            "partners",
            "amount_won",
            "confidence",
            "origin",
            "review_state",
        ]


ARTICLE_FIELDS = [
    "id",
    "title",
    "subtitle",
    "url",
    "published_at",
    "date_source",
    "publisher",
    "author",
    "scope",
    "is_relevant",
    "relevance",
    "status",
    "page_url",
    "districts",
    "initiatives",
]


class ArticleSerializer(serializers.ModelSerializer):
    page_url = PageUrl()
    districts = DistrictLinkSerializer(source="api_district_links", many=True)
    initiatives = InitiativeLinkSerializer(source="api_initiative_links", many=True)

    class Meta:
        model = Article
        fields = ARTICLE_FIELDS


class ArticleDetailSerializer(ArticleSerializer):
    class Meta:
        model = Article
        fields = [*ARTICLE_FIELDS, "body"]


class ArticleRefSerializer(serializers.ModelSerializer):
    page_url = PageUrl()

    class Meta:
        model = Article
        fields = ["id", "title", "published_at", "publisher", "page_url"]


class TimelineEventSerializer(serializers.ModelSerializer):
    """One article's event in an initiative's timeline; `event_date` is null when the
    article does not say when (never the publication date in disguise)."""

    article = ArticleRefSerializer()

    class Meta:
        model = InitiativeLink
        fields = [
            "article",
            "event",
            "event_date",
            "event_date_precision",
            "name_as_reported",
            "evidence",
            "partners",
            "amount_won",
            "review_state",
        ]


class InitiativeSerializer(InitiativeRefSerializer):
    districts = DistrictRefSerializer(many=True)
    partners = serializers.SlugRelatedField(
        slug_field="name_ko", many=True, read_only=True
    )
    article_count = serializers.IntegerField(source="n")
    timeline = TimelineEventSerializer(source="api_timeline", many=True)

    class Meta:
        model = Initiative
        fields = [
            *InitiativeRefSerializer.Meta.fields,
            "category",
            "districts",
            "partners",
            "first_seen",
            "last_seen",
            "article_count",
            "timeline",
        ]


class DistrictSerializer(DistrictRefSerializer):
    article_count = serializers.IntegerField(
        source="n_articles", help_text="AI-policy articles with it as primary district"
    )
    initiative_count = serializers.IntegerField(
        source="n_initiatives", help_text="initiatives it carries out, not rejected"
    )
    suggested_initiative_count = serializers.IntegerField(
        source="n_suggested",
        help_text="of its initiatives, unconfirmed suggestions (review_state: suggested)",
    )
    page_url = PageUrl()

    class Meta:
        model = District
        fields = [
            *DistrictRefSerializer.Meta.fields,
            "article_count",
            "initiative_count",
            "suggested_initiative_count",
            "page_url",
        ]
