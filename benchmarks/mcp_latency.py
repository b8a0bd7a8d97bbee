"""MCP server: start time, warm ``search`` tool latency, idle memory, against the CLI.

A library of the sample notes (or ``--notes DIR``) is indexed into a temporary
HEARTH_HOME; then, in the same run: the time from spawning ``hearth mcp`` to a finished
MCP handshake and to the first search answered (the embedder loads on first use); the
median latency of warm ``search`` tool calls over stdio; the same queries through
``hearth search`` (a fresh process each, as a script pays it) and through
``Library.search`` in-process (the floor); and the server's resident memory when idle.

Run:  .venv/bin/python -m benchmarks.mcp_latency [--notes DIR] [--calls 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = ["How long are idempotency keys kept?", "database cutover date",
           "who writes the rollback runbook", "guest wifi password", "sourdough proof fridge",
           "webhook retries exponential backoff", "status page text", "PgBouncer load test"]


def env_for(home: Path) -> dict[str, str]:
    return dict(os.environ, HEARTH_HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")


def child_rss_mb() -> float:
    """Resident memory of this process's child ``hearth mcp`` (Linux /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"mcp" in cmdline:
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return float("nan")


async def mcp_figures(home: Path, calls: int) -> dict[str, float]:
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "app", "mcp"],
                                   env=env_for(home), cwd=str(REPO))
    started = time.perf_counter()
    transport = stdio_client(params, errlog=sys.__stderr__)  # a real descriptor, always
    async with Client(transport, read_timeout_seconds=300) as client:
        handshake = time.perf_counter() - started
        await client.call_tool("search", {"query": QUERIES[0], "k": 5})
        first = time.perf_counter() - started
        warm = []
        for n in range(calls):
            began = time.perf_counter()
            result = await client.call_tool("search", {"query": QUERIES[n % len(QUERIES)],
                                                       "k": 5})
            warm.append(time.perf_counter() - began)
            assert not result.is_error, result.content
        await asyncio.sleep(2)
        rss = child_rss_mb()
    return {"handshake_s": handshake, "first_search_s": first,
            "warm_p50_ms": statistics.median(warm) * 1000, "idle_rss_mb": rss}


def cli_p50_ms(home: Path, runs: int) -> float:
    times = []
    for n in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "search", QUERIES[n % len(QUERIES)],
                        "--json"], cwd=REPO, env=env_for(home), capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def in_process_p50_ms(home: Path, calls: int) -> float:
    from app.core.settings import settings_for_home
    from app.services import build

    library = build(settings_for_home(home))
    library.search(QUERIES[0])
    times = []
    for n in range(calls):
        began = time.perf_counter()
        library.search(QUERIES[n % len(QUERIES)], 5)
        times.append(time.perf_counter() - began)
    library.close()
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=REPO / "resources" / "sample-notes")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--cli-runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hearth-mcp-bench-") as tmp:
        home = Path(tmp)
        subprocess.run([sys.executable, "-m", "app", "index", str(args.notes), "--json"],
                       cwd=REPO, env=env_for(home), capture_output=True, check=True)
        mcp = asyncio.run(mcp_figures(home, args.calls))
        cli = cli_p50_ms(home, args.cli_runs)
        floor = in_process_p50_ms(home, args.calls)
    print(f"hearth mcp: handshake {mcp['handshake_s']:.2f} s after spawn, first search answered "
          f"{mcp['first_search_s']:.2f} s after spawn, idle RSS {mcp['idle_rss_mb']:.0f} MB")
    print(f"{'search, k=5':<34}{'p50 ms':>10}{'vs in-process':>15}")
    for name, value in (("MCP tool call (warm, stdio)", mcp["warm_p50_ms"]),
                        ("hearth search (new process)", cli),
                        ("Library.search in-process", floor)):
        print(f"{name:<34}{value:>10.1f}{value / floor:>14.2f}x")
    print(f"MCP warm call vs hearth search: {mcp['warm_p50_ms'] / cli:.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
