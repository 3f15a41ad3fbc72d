"""`make load`'s report: requests, failures and percentiles per route, read from locust's CSV."""

from bench import load

HEADER = "Type,Name,Request Count,Failure Count,50%,95%,99%,Requests/s\n"


def test_the_load_report_gives_p95_per_route_and_counts_the_failures(tmp_path):
    prefix = tmp_path / "postgresql"
    (tmp_path / "postgresql_stats.csv").write_text(
        HEADER
        + "GET,knowledge list,120,0,80,210,400,2.0\nPOST,ask,10,1,150,300,320,0.2\n,Aggregated,130,1,85,250,390,2.2\n"
    )
    lines, total, failures = load.table(prefix)
    assert (total, failures) == (130, 1)
    assert lines[1].split() == ["knowledge", "list", "120", "0", "80", "210", "400", "2.0"]
    assert lines[-1].split()[:2] == ["all", "routes"]
