"""A list sent as the text of a PostgreSQL array (shopnest/eventstore/params.py) reaches the
server as the very list: quotes, backslashes, commas, braces, blanks and NULL-like words
included, in any script."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from shopnest.eventstore.params import text_array

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=12)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, max_size=8).map(tuple))
def test_the_server_reads_back_the_list_it_was_given(values):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [text_array(values)])
        (read,) = cursor.fetchone()
    assert tuple(read) == values


def test_a_value_with_nul_is_refused_before_it_is_sent():
    with pytest.raises(ValueError, match="NUL"):
        text_array(("Ticket\x00Created",))
