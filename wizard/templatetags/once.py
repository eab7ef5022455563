"""`{% once [key …] %}…{% endonce %}`: markup rendered once per process and key, then reused.

For markup that shows nothing but the code's constants, URLs and the keys named: the
site's navigation and asset links (no key), the wizard's progress list (keyed by the steps
shown and the current one), the matrix page's filter form. Those URL reversals, manifest
look-ups and loops ran on every request. A variable the markup shows must be a key, or
derive from one. The HTML is kept on the template node, so a template reloaded in
development starts afresh.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Distinct keys kept per block: far more than any block here has.
KEPT = 256


class OnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, keys: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys
        self.rendered: dict[tuple, SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        # The URLs inside depend on the script prefix too.
        key = (get_script_prefix(), *(k.resolve(context) for k in self.keys))
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= KEPT:
                self.rendered.clear()
            html = self.rendered[key] = mark_safe(self.nodelist.render(context))
        return html


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """Render the enclosed markup once per distinct value of the keys (hashable values)."""
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, keys)
