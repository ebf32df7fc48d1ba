"""{% figures_cache name part ... %}…{% endfigures_cache %}: a rendered fragment
kept as a figure (tracker/figures.py): under the figures' version and the language,
so it never outlives a stored change, and rendered by one request at a time.

Views that count before rendering pass `figures_version`, read before counting."""

from django import template

from tracker import figures

register = template.Library()


class FiguresCacheNode(template.Node):
    def __init__(self, nodelist, name: str, parts: list):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return figures.cached(
            f"fragment-{self.name}",
            lambda: self.nodelist.render(context),
            *parts,
            at=context.get("figures_version"),
        )


@register.tag("figures_cache")
def figures_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "figures_cache needs a fragment name: {% figures_cache name part ... %}"
        )
    nodelist = parser.parse(("endfigures_cache",))
    parser.delete_first_token()
    return FiguresCacheNode(
        nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]]
    )
