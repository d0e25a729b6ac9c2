"""Plain text from HTML bodies."""

import pytest

from tickets.domain.text import html_to_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<div>This is a reply</div>", "This is a reply"),
        ("<p>Fish &amp; chips &lt;3</p>", "Fish & chips <3"),
        ("first<br>second<br/>third", "first\nsecond\nthird"),
        ("<p>one</p><p>two</p>", "one\ntwo"),
        ("<div><p>nested</p></div><div>next</div>", "nested\nnext"),
        ("<div>\n   lots   of\n\tspace  </div>", "lots of space"),
        ("a&nbsp;&nbsp;b", "a b"),
        ("<style>p { color: red }</style><script>x()</script>shown", "shown"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("no markup at all", "no markup at all"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_becomes_the_text_a_reader_sees(html, text):
    assert html_to_text(html) == text
