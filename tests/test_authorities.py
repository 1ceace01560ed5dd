"""edition.site.authorities: schema.org nodes, BEACON files and GeoJSON from register entries."""

from __future__ import annotations

import json

from edition.site.authorities import (
    authority_links,
    authority_uri,
    beacon_files,
    entity_nodes,
    places_geojson,
    register_data_files,
    same_as,
)
from edition.tei.entries import RegisterEntry

ADA = RegisterEntry("people", "pers.ada", "Ada | Author", "", (), (("gnd", "118"), ("viaf", "9"), ("other", "x")))
PARIS = RegisterEntry("places", "place.paris", "Paris", "", (), (("geonames", "2988507"),), (48.85, 2.35))
NOWHERE = RegisterEntry("places", "place.x", "X", "", ())


def test_identifier_uris_as_the_authorities_publish_them() -> None:
    assert authority_uri("gnd", "118") == "https://d-nb.info/gnd/118"
    assert authority_uri("geonames", "2988507") == "https://sws.geonames.org/2988507/"
    assert authority_uri("unknown", "1") == ""
    assert same_as(ADA) == ["https://d-nb.info/gnd/118", "http://viaf.org/viaf/9"]
    assert authority_links(ADA)[1] == {"scheme": "viaf", "name": "VIAF", "id": "9", "href": "https://viaf.org/viaf/9"}
    assert len(authority_links(ADA)) == 2


def test_schema_org_nodes_carry_type_sameas_and_geo() -> None:
    nodes = entity_nodes([ADA, PARIS, NOWHERE], "places.html", "https://ed.example.org/")
    assert nodes[0] == {
        "@id": "https://ed.example.org/places.html#pers.ada",
        "@type": "Person",
        "name": "Ada | Author",
        "sameAs": ["https://d-nb.info/gnd/118", "http://viaf.org/viaf/9"],
    }
    assert nodes[1]["geo"] == {"@type": "GeoCoordinates", "latitude": 48.85, "longitude": 2.35}
    assert "sameAs" not in nodes[2] and nodes[2]["@id"] == "https://ed.example.org/places.html#place.x"


def test_one_beacon_file_per_authority() -> None:
    files = beacon_files([ADA, PARIS], base_url="https://ed.example.org", name="My\nedition", timestamp="2026-01-01")
    assert sorted(files) == ["beacon-geonames.txt", "beacon-gnd.txt", "beacon-viaf.txt"]
    lines = files["beacon-gnd.txt"].decode().splitlines()
    assert lines[:2] == ["#FORMAT: BEACON", "#PREFIX: https://d-nb.info/gnd/{ID}"]
    assert "#TARGET: https://ed.example.org/{+ID}" in lines and "#NAME: My edition" in lines
    assert "#TIMESTAMP: 2026-01-01" in lines
    assert lines[-1] == "118|Ada Author|people.html#pers.ada"  # the bar of the label would split the line
    assert beacon_files([NOWHERE]) == {}


def test_places_with_coordinates_as_geojson_longitude_first() -> None:
    data = places_geojson([ADA, PARIS, NOWHERE], folder="letters/")
    assert data is not None
    (feature,) = json.loads(data)["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.35, 48.85]}
    assert feature["properties"]["url"] == "places.html#place.paris"
    absolute = json.loads(places_geojson([PARIS], base_url="https://e.org", folder="letters/") or b"")
    assert absolute["features"][0]["properties"]["url"] == "https://e.org/letters/places.html#place.paris"
    assert places_geojson([ADA, NOWHERE]) is None


def test_register_data_files_lists_what_it_wrote_relative_to_its_folder() -> None:
    files, links = register_data_files([ADA, PARIS], folder="letters/")
    assert sorted(files) == [
        "letters/beacon-geonames.txt",
        "letters/beacon-gnd.txt",
        "letters/beacon-viaf.txt",
        "letters/places.geojson",
    ]
    assert [(link.path, link.label) for link in links] == [
        ("beacon-gnd.txt", "BEACON (GND)"),
        ("beacon-viaf.txt", "BEACON (VIAF)"),
        ("beacon-geonames.txt", "BEACON (GeoNames)"),
        ("places.geojson", "GeoJSON"),
    ]
