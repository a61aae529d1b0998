import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import load
from hiphub.content import pages


def html(response) -> str:
    return response.content.decode()


def test_index_groups_every_muscle_and_filters(visitor: Client) -> None:
    page = html(visitor.get("/anatomy/"))
    for muscle in load().muscles.values():
        assert f'href="/anatomy/muscles/{muscle.id}/"' in page
    filtered = html(visitor.get("/anatomy/", {"q": "hamstring"}))
    assert "Semitendinosus" in filtered and "Psoas major" not in filtered
    assert "3 muscles found" in filtered
    grouped = html(visitor.get("/anatomy/", {"group": "gluteals"}))
    assert "Gluteus medius" in grouped and "Piriformis" not in grouped
    nothing = html(visitor.get("/anatomy/", {"q": "elbow"}))
    assert "No muscle matches" in nothing


@pytest.mark.parametrize("muscle_id", list(load().muscles))
def test_every_muscle_page_renders_its_facts_and_diagram(visitor: Client, muscle_id: str) -> None:
    muscle = load().muscle(muscle_id)
    response = visitor.get(reverse("anatomy:muscle", args=[muscle_id]))
    page = html(response)
    assert response.status_code == 200
    assert f"<h1>{muscle.name}</h1>" in page
    assert page.count('class="diagram diagram-') == 3
    assert f'data-muscle="{muscle_id}"' in page
    assert muscle.roots_text in page
    assert escape(muscle.sources[0].name) in page


def test_muscle_page_shows_referral_links_and_ease(visitor: Client) -> None:
    page = html(visitor.get("/anatomy/muscles/quadratus_lumborum/"))
    assert 'class="region is-on" data-region="sacroiliac_joint"' in page
    assert "not a diagnosis" in page
    assert (
        "/anatomy/muscles/gluteus_medius/" in page
        or "/anatomy/muscles/iliocostalis_lumborum/" in page
    )
    assert "Its position of ease" in page
    assert "Low back curved toward the sore side; pelvis hitched up on the sore side" in page
    no_pattern = html(visitor.get("/anatomy/muscles/latissimus_dorsi/"))
    assert "do not describe a referral pattern" in no_pattern


def test_unknown_muscle_is_a_friendly_404(visitor: Client) -> None:
    response = visitor.get("/anatomy/muscles/psoas_majr/")
    assert response.status_code == 404


def test_where_does_it_hurt_works_without_javascript(visitor: Client) -> None:
    empty = html(visitor.get("/anatomy/where-does-it-hurt/"))
    assert empty.count('type="checkbox" name="region"') == 25
    assert "Muscles that may be involved" not in empty
    response = visitor.get(
        "/anatomy/where-does-it-hurt/", {"region": ["sacroiliac_joint", "lower_buttock"]}
    )
    page = html(response)
    assert response.status_code == 200
    ranked = re.findall(r'<li><a href="/anatomy/muscles/([a-z_]+)/"><strong>', page)
    assert "quadratus_lumborum" in ranked[:3]
    assert 'value="sacroiliac_joint" checked' in page
    assert "not a diagnosis" in page


def test_where_does_it_hurt_explains_bad_or_empty_choices(visitor: Client) -> None:
    response = visitor.get("/anatomy/where-does-it-hurt/", {"region": ["elbow"]})
    assert response.status_code == 400
    assert "We do not know the place elbow" in html(response)
    none_chosen = html(visitor.get("/anatomy/where-does-it-hurt/?region="))
    assert "Choose at least one place" in none_chosen


def test_choosing_the_saddle_area_shows_the_emergency_advice(visitor: Client, settings) -> None:
    settings.EMERGENCY_NUMBER = "999 or 112"
    response = visitor.get("/anatomy/where-does-it-hurt/", {"region": ["saddle", "groin"]})
    assert response.status_code == 200
    page = html(response)
    results = page[page.index('<section id="results"') :]
    assert "Emergency: get help now" in results
    assert (
        'Call <a class="tel" href="tel:999">999</a> or <a class="tel" href="tel:112">112</a> '
        "or go to an emergency department now." in results
    )
    assert "hiphub does not suggest muscles for this area" in results
    assert 'class="candidates"' not in results and "Muscles that may be involved" not in results
    assert "The hip joint itself" not in results
    assert 'value="saddle" checked' in page


@pytest.mark.parametrize(
    ("regions", "first", "other"),
    [
        (["greater_trochanter"], ("gluteus_minimus", "gluteus_medius"), None),
        (["groin"], None, "The hip joint itself."),
        (["calf"], None, "A nerve root in the low back (sciatica)."),
        (["sacroiliac_joint"], None, "The sacroiliac joint itself."),
    ],
)
def test_pain_page_ranks_and_names_other_sources(visitor: Client, regions, first, other) -> None:
    page = html(visitor.get("/anatomy/where-does-it-hurt/", {"region": regions}))
    ranked = re.findall(r'<li><a href="/anatomy/muscles/([a-z_]+)/"><strong>', page)
    if first:
        assert ranked[0] in first
        assert "Not only muscles" not in page
    if other:
        assert f"<strong>{escape(other)}</strong>" in page
        assert "not a diagnosis" in page


def test_hub_page_ranks_regions_from_the_data(visitor: Client) -> None:
    page = html(visitor.get("/anatomy/hub/"))
    rows = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert rows == [h.name for h in graph.hub()]
    assert rows[0] == "Pelvis"
    assert 'class="hub-network"' in page


def test_hub_page_says_the_pelvis_leads_partly_by_selection(visitor: Client) -> None:
    page = " ".join(html(visitor.get("/anatomy/hub/")).split())
    data = load()
    movers, total = len(data.muscles_moving("hip")), len(data.muscles)
    assert "Why the pelvis comes first" in page
    assert f"{movers} of its {total} muscles move the hip" in page
    assert "Partly because of which muscles hiphub chose to describe" in page


def test_the_hub_reads_first_as_groups_around_the_pelvis(visitor: Client) -> None:
    page = " ".join(html(visitor.get("/anatomy/hub/")).split())
    centre = graph.hub()[0]
    assert f"{centre.muscle_count} muscles attach here" in page
    assert page.index('class="hub-groups"') < page.index('class="hub-network"')
    assert "All 4 attach to the pelvis" in page  # the gluteals
    assert "betweenness" not in page.lower()


def test_the_hub_network_takes_its_colours_from_the_stylesheet(visitor: Client) -> None:
    page = html(visitor.get("/anatomy/hub/"))
    network = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 128') :]
    network = network[: network.index("</svg>")]
    assert "fill=" not in network and "stroke=" not in network and "font-size" not in network
    assert 'class="node muscle"' in network and 'class="node bone is-centre"' in network
    assert network.count("<line ") == len(graph.muscle_bone_edges())
    css = (Path(__file__).parents[2] / "src/hiphub/static/hiphub/site.css").read_text()
    for rule in (
        ".hub-network .node.muscle circle",
        ".hub-network .node.bone circle",
        ".hub-network .edge",
    ):
        assert rule in css


@pytest.mark.django_db  # the page carries the community thread
def test_education_page_links_into_the_graph_and_is_honest(visitor: Client) -> None:
    page = html(visitor.get("/learn/hip-and-back/"))
    assert "T12 to L5" in page
    assert "NICE NG59" in page and "low to very low certainty" in page
    text = " ".join(page.split())
    # Contested biomechanics are worded as a view against measurements, with the source.
    assert "they pull the lumbar spine forward" not in text
    assert "One view is that hip flexors left short by long sitting pull the lumbar spine" in text
    assert "Bogduk, Pearcy and Hadfield 1992" in text and "Macintosh and Bogduk 1986" in text
    # The pelvis count is the data's own, and the page says it follows from the selection.
    hub = graph.hub()[0]
    total = len(load().muscles)
    assert f"{hub.muscle_count} of its {total} muscles attach to the pelvis" in text
    assert f"{len(load().muscles_moving('hip'))} of its {total} muscles move the hip" in text
    assert "Grimaldi" in text and "the hip joint itself" in text
    for muscle_id in pages.get("hip-and-back").muscles:
        assert f'href="/anatomy/muscles/{muscle_id}/"' in page
    article = page[page.index("<article") : page.index("</article>")]
    for link in set(re.findall(r'href="(/[^"#]*)"', article)):
        assert visitor.get(link).status_code == 200, link


def test_anatomy_pages_post_gets_friendly_405(visitor: Client) -> None:
    assert visitor.post("/anatomy/").status_code == 405


def test_navigation_shows_the_new_pages(visitor: Client) -> None:
    page = html(visitor.get("/"))
    for url in ("/learn/hip-and-back/", "/anatomy/", "/anatomy/where-does-it-hurt/"):
        assert f'href="{url}"' in page
