"""core/jinja.py: a dict's keys read first for `obj.name`, with exactly Jinja's meaning otherwise."""

import jinja2
import pytest

from generator.core import jinja

TEMPLATE = (
    "{{ r.value }}|{{ r.get('absent', 'd') }}|{% for k, v in ids.items() %}{{ k }}={{ v }};{% endfor %}"
    "|{{ obj.real }}|{{ r.items is callable }}"
)


def render(env: jinja2.Environment, **context) -> str:
    return env.from_string(TEMPLATE).render(**context)


def test_same_output_as_jinja_for_rows_objects_and_hostile_keys():
    # a provider's identifier named "items" or "get" must not replace the dict's method
    context = {
        "r": {"value": "<b>7</b>", "items": "planted", "get": "planted"},
        "ids": {"items": "x", "keys": "y", "agb": "z"},
        "obj": 3 + 4j,
    }
    ours = render(jinja.Environment(autoescape=True), **context)
    assert ours == render(jinja2.Environment(autoescape=True), **context)
    assert ours == "&lt;b&gt;7&lt;/b&gt;|d|items=x;keys=y;agb=z;|3.0|True"


def test_a_missing_key_is_still_undefined():
    env = jinja.Environment(undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ r.absent }}").render(r={"value": 1})
    assert jinja.Environment().from_string("[{{ r.absent }}]").render(r={}) == "[]"


def test_dict_subclasses_and_other_mappings_go_the_jinja_way():
    class Row(dict):
        @property
        def value(self):
            return "attribute"

    env = jinja.Environment()
    assert env.from_string("{{ r.value }}").render(r=Row(value="key")) == "attribute"
