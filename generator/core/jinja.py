"""The Jinja environment every template of Zorgspiegel is rendered with: Jinja's, with `row.key` on a dict
looked up as the key first.

Jinja reads `obj.name` as getattr(obj, "name") and, when that raises AttributeError, as obj["name"]. The rows
the templates show are plain dicts, so every cell paid for an exception: about 14 million of them for the
site at 10,000 providers and 10 million for their processing reports, a tenth of the render. Here a plain
dict's key is read at once. A dict's own methods (`row.get`, `ids.items`) keep their meaning whatever keys
the dict holds, exactly as in Jinja: a provider's text cannot shadow one. The output is the same.
"""

from __future__ import annotations

import jinja2

# the names a template can reach on a dict as attributes (`ids.items`): never read as one of its keys
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(jinja2.Environment):
    """jinja2.Environment with a plain dict's keys read first for `obj.name` (see the module)."""

    def getattr(self, obj, attribute):
        """`obj.attribute` in a template: a plain dict's key directly, anything else as Jinja does."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
