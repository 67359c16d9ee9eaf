"""Discovery documents, health with a DB check, OpenAPI 3.1 (400 not 422), generated images, search."""

from __future__ import annotations

import io

from PIL import Image

from venue_harness import DEMO


def test_discovery_documents(http) -> None:  # type: ignore[no-untyped-def]
    api = http.get("/api").json()
    assert api["links"]["docs"] == "/docs/api/raw" and api["next_steps"]
    card = http.get("/.well-known/agent-card.json").json()
    assert card["authentication"]["type"] == "bearer" and card["skills"]
    llms = http.get("/llms.txt")
    assert llms.headers["content-type"].startswith("text/plain") and "/api/auth/register" in llms.text
    raw = http.get("/docs/api/raw")
    assert raw.headers["content-type"].startswith("text/markdown") and "/api/concerts/{slug}/stream" in raw.text


def test_health_checks_the_database(http, backend: str) -> None:  # type: ignore[no-untyped-def]
    health = http.get("/api/health").json()
    assert health["status"] == "ok" and health["database"]["status"] == "ok" and health["database"]["backend"] == backend
    assert health["streams"]["open"] >= 0 and health["streams"]["window_s"] == 30


def test_openapi_is_3_1_and_documents_400_not_422(http) -> None:  # type: ignore[no-untyped-def]
    spec = http.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert "422" not in operation["responses"], (method, path)
            assert "400" in operation["responses"], (method, path)
    assert "/api/concerts/{slug}/stream" in spec["paths"]


def test_avatar_is_deterministic_and_tier_coloured(make_agent) -> None:  # type: ignore[no-untyped-def]
    general, vip = make_agent("general"), make_agent("vip")
    png = general.get("/api/me/avatar")
    assert png.headers["content-type"] == "image/png" and png.content == general.get("/api/me/avatar").content
    colours = []
    for agent in (general, vip):
        img = Image.open(io.BytesIO(agent.get("/api/me/avatar").content)).convert("RGB")
        colours.append({c for _n, c in img.getcolors(4096) if c != (18, 18, 24)})
    (g,), (v,) = colours
    assert g[1] > g[0] and v[0] > v[2]  # teal-ish general, gold-ish VIP


def test_cover_image_is_a_jpeg(http) -> None:  # type: ignore[no-untyped-def]
    r = http.get(f"/api/concerts/{DEMO}/image")
    assert r.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(r.content)).size == (512, 512)


def test_search_full_text_then_fallbacks(http, make_concert) -> None:  # type: ignore[no-untyped-def]
    slug = make_concert(title="Velvet Thunderstorm Suite", genre="ambient")

    def search(q: str) -> dict:  # type: ignore[type-arg]
        return http.get("/api/concerts", params={"search": q}).json()  # type: ignore[no-any-return]

    by_title = search("thunderstorm")
    assert [c["slug"] for c in by_title["concerts"]] == [slug] and by_title["fallback_used"] is False
    assert by_title["concerts"][0]["matched_via"] == "concert" and by_title["available_filters"] == {"genres": ["ambient"]}
    by_track = search("phase garden")  # a track title of the demo concert
    assert DEMO in [c["slug"] for c in by_track["concerts"]]
    assert next(c for c in by_track["concerts"] if c["slug"] == DEMO)["matched_via"] == "track"
    substring = search("nderstor")  # not a word prefix: full-text misses, substring finds it
    assert [c["slug"] for c in substring["concerts"]] == [slug] and substring["fallback_used"] is True
    assert substring["concerts"][0]["match_method"] == "substring"
    fuzzy = search("thundrstorm")
    assert slug in [c["slug"] for c in fuzzy["concerts"]] and fuzzy["fallback_used"] is True
    assert search("zzzqqq")["concerts"] == []


def test_filters_and_sort(http, make_concert) -> None:  # type: ignore[no-untyped-def]
    make_concert(title="Aardvark Opening", genre="Drone")
    drone = http.get("/api/concerts", params={"genre": "drone"}).json()["concerts"]
    assert drone and all(c["genre"].lower() == "drone" for c in drone)
    titles = [c["title"] for c in http.get("/api/concerts", params={"sort": "title", "limit": 100}).json()["concerts"]]
    assert titles == sorted(titles, key=str.lower)
    assert all(c["mode"] == "loop" for c in http.get("/api/concerts", params={"mode": "loop"}).json()["concerts"])
    newest = http.get("/api/concerts", params={"sort": "newest"}).json()["concerts"]
    oldest = http.get("/api/concerts", params={"sort": "oldest", "limit": 100}).json()["concerts"]
    assert newest[0]["slug"] == oldest[-1]["slug"]


def test_authenticated_listing_adds_recommendations(http, make_agent) -> None:  # type: ignore[no-untyped-def]
    assert "recommended_concerts" not in http.get("/api/concerts").json()
    body = make_agent().get("/api/concerts").json()
    assert DEMO in body["recommended_concerts"] and len(body["recommended_concerts"]) <= 5
