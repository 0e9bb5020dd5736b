"""Search benchmark: query times, HTTP throughput and page weight.

    .venv/bin/python bench/search.py [--services 50000] [--seed 42] [--duration 30]

Uses a dedicated database (``fyp_bench``) on the server of DATABASE_URL (or the embedded
server), fills it with ``generate_directory``, then measures:
1. server-side time of 20 representative searches (selector + page + count), p50/p95,
   and the ratio to PostgreSQL's own execution + planning time for the same SQL;
2. results page throughput and latency under wrk (8 connections, gunicorn, 2 workers);
3. transferred (gzip) weight of the home, results and service pages with their CSS and JS.
Writes bench/results/search-<services>.json (and search.json for the default size).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    bench_database_url,
    gunicorn,
    manage,
    percentile,
    setup_django,
    summary_ms,
    write_results,
)

QUERIES: list[tuple[str, str, dict[str, str]]] = [
    # (kind, label, params)
    ("text", "peer support", {"q": "peer support"}),
    ("text", "debt advice", {"q": "debt advice"}),
    ("text", "counselling for young people", {"q": "counselling young people"}),
    ("text", "employment", {"q": "employment"}),
    ("text+filters", "support, Punjabi community", {"q": "support", "community": "punjabi"}),
    ("text+filters", "advice, free and accepting", {"q": "advice", "free": "1", "accepting": "1"}),
    ("text+filters", "group in Punjabi", {"q": "group", "language": "pa"}),
    ("text+filters", "therapy at age 19", {"q": "therapy", "age": "19"}),
    ("text+filters", "women, open Mondays", {"q": "women", "gender": "women", "open_on": "MO"}),
    ("postcode", "WN1 1AA within 5 miles", {"postcode": "WN1 1AA", "radius": "5"}),
    ("postcode", "peer near SW9, 10 miles", {"q": "peer", "postcode": "SW9", "radius": "10"}),
    (
        "postcode",
        "peer support type near M1, 3 miles",
        {"postcode": "M1", "radius": "3", "service_type": "peer-support"},
    ),
    ("postcode", "youth near LS1, 10 miles", {"q": "youth", "postcode": "LS1", "radius": "10"}),
    (
        "postcode-broad",
        "B15 within 25 miles by distance",
        {"postcode": "B15", "radius": "25", "sort": "distance"},
    ),
    ("broad", "support", {"q": "support"}),
    ("broad", "group", {"q": "group"}),
    ("broad", "no words, accepting only", {"accepting": "1"}),
    ("typo", "punjabi mens grop", {"q": "punjabi mens grop"}),
    ("typo", "counciling", {"q": "counciling"}),
    ("typo", "womens centr", {"q": "womens centr"}),
]
BROAD_KINDS = {"broad", "postcode-broad"}
PAGE_SIZE = 20
COUNT_CAP = 1000


def ensure_data(services: int, seed: int) -> None:
    from directory.models import Service

    manage("migrate", "--noinput", "-v", "0")
    manage("load_postcodes")
    have = Service.objects.count()
    if have != services:
        print(f"Generating {services} services (have {have})...", flush=True)
        manage("generate_directory", "--clear", "--services", str(services), "--seed", str(seed))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_queries(runs: int) -> list[dict]:
    from django.db import connection
    from django.http import QueryDict

    from directory.search import services_search

    rows = []
    for kind, label, params in QUERIES:
        qd = QueryDict(mutable=True)
        qd.update(params)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            result = services_search(params=qd)
            qs = result.queryset
            # As the results page does (directory.views.CappedPaginator).
            total = qs.order_by()[: COUNT_CAP + 1].count()
            page = list(qs[:PAGE_SIZE])
            samples.append(time.perf_counter() - start)
        page_sql, page_params = qs[:PAGE_SIZE].query.sql_with_params()
        count_sql, count_params = qs.order_by()[: COUNT_CAP + 1].query.sql_with_params()
        statements = [
            (page_sql, page_params),
            (f"SELECT count(*) FROM ({count_sql}) AS counted", count_params),
        ]
        sql_times = []
        for _ in range(min(5, runs)):
            sql_total = 0.0
            for sql, sql_params in statements:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", sql_params)
                    plan = cursor.fetchone()[0]
                    plan = plan[0] if isinstance(plan, list) else plan
                sql_total += plan["Execution Time"] + plan["Planning Time"]
            sql_times.append(sql_total / 1000)
        stats = summary_ms(samples)
        sql_p50 = sorted(sql_times)[len(sql_times) // 2]
        stats.update(
            {
                "kind": kind,
                "label": label,
                "params": params,
                "results": total,
                "first_page": len(page),
                "explain_analyze_ms": round(sql_p50 * 1000, 2),
                "ratio_to_sql": round(stats["p50_ms"] / max(sql_p50 * 1000, 0.01), 2),
                "target_p95_ms": 150 if kind in BROAD_KINDS else 30,
            }
        )
        stats["meets_target"] = stats["p95_ms"] <= stats["target_p95_ms"]
        print(
            f"  {kind:15} {label:40} p50 {stats['p50_ms']:7.1f} ms  p95 "
            f"{stats['p95_ms']:7.1f} ms  sql {stats['explain_analyze_ms']:7.1f} ms  "
            f"n={total}",
            flush=True,
        )
        rows.append(stats)
    return rows


def wrk(url: str, duration: int, paths: list[str] | None = None) -> dict:
    """wrk with 8 connections. With ``paths``, each request takes the next path in turn
    with a unique extra parameter, so no two requests share a page-cache entry."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    script = ROOT / "var" / "bench-wrk.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    lua = (ROOT / "bench" / "p95.lua").read_text()
    if paths:
        listed = ", ".join(f'"{p}"' for p in paths)
        lua += (
            f"paths = {{{listed}}}\ncounter = 0\n"
            "function setup(thread) thread:set('tid', math.random(1, 1000000000)) end\n"
            "function request()\n  counter = counter + 1\n"
            "  local path = paths[(counter % #paths) + 1]\n"
            "  return wrk.format(nil, path .. '&nocache=' .. tid .. '-' .. counter)\nend\n"
        )
    script.write_text(lua)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(script),
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out)
        if m:
            value, unit = float(m.group(1)), m.group(2)
            latency[f"p{pct}_ms"] = round(
                value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2
            )
    # wrk prints no p95; the Lua done() hook reads it from the full latency histogram.
    latency["p95_ms"] = round(float(re.search(r"P95_US\s+([\d.]+)", out).group(1)) / 1000, 2)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "requests_per_second": rps,
        "latency": latency,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "raw": out,
    }


def fetch(base: str, path: str) -> tuple[int, bytes, dict]:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, body, headers


def page_weight(base: str, path: str) -> dict:
    status, body, headers = fetch(base, path)
    assert status == 200, (path, status)
    html = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
    assets = set(re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|svg|png|ico))"', html))
    # Django leaves compressing HTML to the proxy in front (as deployed); count what a
    # gzipping proxy sends. Static files come precompressed from whitenoise.
    sent = body if headers.get("content-encoding") == "gzip" else gzip.compress(html, 6)
    weights = {"html": len(sent)}
    for asset in sorted(assets):
        _, asset_body, _ = fetch(base, asset.decode())
        weights[asset.decode()] = len(asset_body)
    total = sum(weights.values())
    return {
        "path": path,
        "bytes": weights,
        "total_bytes": total,
        "total_kb": round(total / 1024, 1),
        "meets_target": total <= 50 * 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--duration", type=int, default=30)
    args = parser.parse_args()

    url = bench_database_url()
    setup_django(url)
    ensure_data(args.services, args.seed)
    from django.db import connection

    server_version = connection.cursor().connection.info.server_version
    print("Query times:", flush=True)
    queries = time_queries(args.runs)

    static_root = ROOT / "var" / "bench-static"
    env = {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "STATIC_MANIFEST": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    manage("collectstatic", "--noinput", "-v", "0", env=env)

    from directory.selectors import services_public

    service = services_public().order_by("id").first()
    results_path = "/search/?q=peer+support&postcode=WN1+1AA&radius=10"
    with gunicorn(env) as base:
        for _ in range(20):  # warm both workers' connections and caches
            fetch(base, results_path)
        print(f"wrk: {args.duration}s, 8 connections on {results_path}", flush=True)
        load = wrk(base + results_path, args.duration)
        print(
            f"  {load['requests_per_second']:.0f} req/s, p95 {load['latency']['p95_ms']} ms",
            flush=True,
        )
        mixed_paths = ["/search/?" + urllib.parse.urlencode(params) for _, _, params in QUERIES]
        print(f"wrk: {args.duration}s, 8 connections, 20 queries in turn, never cached", flush=True)
        uncached = wrk(base + "/search/?", args.duration, paths=mixed_paths)
        print(
            f"  {uncached['requests_per_second']:.0f} req/s, "
            f"p95 {uncached['latency']['p95_ms']} ms",
            flush=True,
        )
        weights = [page_weight(base, p) for p in ("/", results_path, service.get_absolute_url())]
    for w in weights:
        print(f"  weight {w['path']}: {w['total_kb']} KB gzipped", flush=True)

    selective = [q for q in queries if q["kind"] not in BROAD_KINDS]
    broad = [q for q in queries if q["kind"] in BROAD_KINDS]
    data = {
        "services": args.services,
        "seed": args.seed,
        "postgres_server_version": server_version,
        "database": "DATABASE_URL" if "DATABASE_URL" in __import__("os").environ else "embedded",
        "machine": "2 cores, 24 GiB",
        # Other work on the machine skews timings; the load average says how much.
        "load_average_1_5_15": [round(x, 2) for x in __import__("os").getloadavg()],
        "summary": {
            "selective_worst_p95_ms": max(q["p95_ms"] for q in selective),
            "broad_worst_p95_ms": max(q["p95_ms"] for q in broad),
            "median_ratio_to_sql": round(percentile([q["ratio_to_sql"] for q in queries], 50), 2),
            "results_page_rps": load["requests_per_second"],
            "results_page_p95_ms": load["latency"]["p95_ms"],
            "results_page_non_2xx": load["non_2xx"],
            "uncached_mixed_rps": uncached["requests_per_second"],
            "uncached_mixed_p95_ms": uncached["latency"]["p95_ms"],
            "uncached_mixed_non_2xx": uncached["non_2xx"],
            "page_weight_kb": {w["path"]: w["total_kb"] for w in weights},
        },
        "queries": queries,
        "http": {k: v for k, v in load.items() if k != "raw"},
        "http_uncached_mixed": {k: v for k, v in uncached.items() if k != "raw"},
        "page_weight": weights,
    }
    path = write_results(f"search-{args.services}", data)
    if args.services == 50000:
        write_results("search", data)
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
