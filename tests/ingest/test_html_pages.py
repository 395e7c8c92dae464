"""Article pages in HTML: title, body and date kept; scripts, navigation and page chrome dropped."""

from __future__ import annotations

from newsfacts.ingest.html_pages import defuse_markup, parse_html_article

PAGE = """<!doctype html>
<html><head>
  <title>Talks in Hanoi | VNA</title>
  <meta property="og:title" content="Ministers hold talks in Hanoi">
  <meta property="article:published_time" content="2022-10-18T09:00:00+07:00">
  <script>var tracking = "do not keep";</script>
  <style>p { color: red }</style>
</head><body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <header>Vietnam News Agency</header>
  <div class="share-bar">Share on Facebook</div>
  <article>
    <h1>Ministers hold talks in Hanoi</h1>
    <p>Hanoi (VNA) &ndash; The two ministers met on October 18.</p>
    <script>document.write("injected")</script>
    <p>They agreed to <b>expand</b> trade.<br>Talks will continue.</p>
    <aside>Related: other talks</aside>
    <!-- an editor's comment -->
  </article>
  <footer>Copyright VNA</footer>
</body></html>"""


def test_article_body_title_and_date() -> None:
    page = parse_html_article(PAGE)
    assert page.title == "Ministers hold talks in Hanoi"
    assert page.published_at == "2022-10-18T09:00:00+07:00"
    assert page.text == ("Hanoi (VNA) – The two ministers met on October 18.\n\n"
                         "They agreed to expand trade.\n\nTalks will continue.")


def test_scripts_navigation_and_chrome_are_dropped() -> None:
    text = parse_html_article(PAGE).text
    for dropped in ("do not keep", "injected", "color: red", "Home", "Share on Facebook", "Related",
                    "Copyright", "editor's comment", "Vietnam News Agency"):
        assert dropped not in text, dropped


def test_without_article_element_the_body_is_used_and_h1_or_title_names_it() -> None:
    page = parse_html_article("<html><head><title>Page title</title></head><body><h1>Headline</h1>"
                              "<p>First paragraph.</p><div>Second paragraph.</div></body></html>")
    assert page.title == "Headline"
    assert page.text == "First paragraph.\n\nSecond paragraph."
    assert parse_html_article("<title>Only title</title><p>Text.</p>").title == "Only title"


def test_time_element_gives_the_date() -> None:
    page = parse_html_article('<article><time datetime="2024-03-05">5 March</time><p>Text.</p></article>')
    assert page.published_at == "2024-03-05"


def test_page_without_article_text() -> None:
    page = parse_html_article("<html><head><title>Menu</title></head><body><nav>Home</nav>"
                              "<footer>(c)</footer></body></html>")
    assert page.text == ""


def test_malformed_markup_does_not_lose_the_story() -> None:
    page = parse_html_article("<body><h1>Soup</h1>" + "<b>" * 1000 + "</i>" * 1000 + "<p>Story text.</p>")
    assert page.text == "Story text."
    assert parse_html_article("<p>a < b and c > d</p>").text == "a < b and c > d"


def test_stray_angle_brackets_and_comments_are_defused() -> None:
    assert defuse_markup("a <!-- x --> b <!-- unclosed") == "a  b "
    assert defuse_markup("</</p>") == "&lt;/</p>"
    assert defuse_markup("<p>x</p>") == "<p>x</p>"
    # html.parser needs seconds for this without the defusing, and grows quadratically with the length
    assert parse_html_article("</" * 100_000).text.startswith("</</")
