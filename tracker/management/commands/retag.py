from django.core.management.base import BaseCommand, CommandError

from districts.models import District
from tracker.ingest import understanding
from tracker.models import Article, Initiative


class Command(BaseCommand):
    help = (
        "Link, tag and discover initiatives again in stored articles (after the rules, "
        "the catalogue or the kinds changed); curators' decisions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--district", help="only articles linked to this district (slug)"
        )

    def handle(self, *args, district: str | None = None, **options):
        articles = Article.objects.order_by("pk")
        if district:
            if not District.objects.filter(slug=district).exists():
                raise CommandError(f"No district with the slug {district!r}.")
            articles = articles.filter(district_links__district__slug=district)
        articles = articles.distinct()
        before = Initiative.objects.count()
        entries, typology = understanding.catalogue(), understanding.kinds()
        total = articles.count()
        for done, article in enumerate(articles.iterator(chunk_size=200), start=1):
            understanding.retag(article, entries, typology)
            if done % 50 == 0 or done == total:
                self.stderr.write(f"\r{done}/{total}", ending="")
        self.stderr.write("")
        self.stdout.write(
            f"Re-tagged {total} articles; initiatives: {before} before, "
            f"{Initiative.objects.count()} now."
        )
