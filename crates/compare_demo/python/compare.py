"""compare.py - the Python side of compare_demo: the tutorial's examples, measured.

Usage: python3 compare.py EXPERIMENT MODEL SIZES_JSON
Prints one JSON line: {"wall_s", "units", "peak_rss_mb", "base_rss_mb", "cpu_s", "answer",
"error", "gil_enabled"}.
compare_demo runs it with --python PATH (or --with-python: python3) and puts its rows beside
the Rust ones. Python 3.7 or newer (asyncio.run); py_interpreters needs 3.14.

The functions keep the tutorial's names: download_file (threads and asyncio) and compute
(multiprocessing).
"""

import asyncio
import json
import multiprocessing
import os
import resource
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def rss_mb(field="VmRSS"):
    """Memory of this process from /proc/self/status, in MiB (None elsewhere than Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cpu_seconds():
    """CPU time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the tutorial's examples -------------------------------------------------------------

def download_file(name, seconds):
    time.sleep(seconds)  # a blocking wait: Python releases the GIL meanwhile


async def download_file_async(name, seconds):
    await asyncio.sleep(seconds)  # non-blocking: the event loop runs other tasks


def is_prime(n):
    """Trial division, the same algorithm as toolkit::cpu::is_prime."""
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(start, end):
    return sum(1 for n in range(start, end) if is_prime(n))


def split(end, parts):
    """The same pieces as toolkit::cpu::split(0..end, parts)."""
    return [(end * i // parts, end * (i + 1) // parts) for i in range(parts)]


def compute(task, queue):
    """A process's work: count the primes in its piece, report the count and its peak."""
    start, end = task
    queue.put((count_primes(start, end), peak_mb()))


def wait_in_process(seconds, queue):
    download_file("file", seconds)
    queue.put((0, peak_mb()))


def nothing():
    pass


# --- running a model ---------------------------------------------------------------------

def run_processes(target, args_list):
    """Start one Process per argument tuple, join them, sum counts and peaks."""
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=target, args=(*args, queue)) for args in args_list]
    for p in processes:
        p.start()
    results = [queue.get() for _ in processes]
    for p in processes:
        p.join()
    return sum(r[0] for r in results), sum(r[1] for r in results)


def io_bound(model, s):
    n, wait = s["io_tasks"], s["io_wait_s"]
    names = [f"File-{i}" for i in range(n)]
    if model == "py_sequential":
        for name in names:
            download_file(name, wait)
    elif model == "py_threads":
        threads = [threading.Thread(target=download_file, args=(name, wait)) for name in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elif model == "py_processes":
        return n, run_processes(wait_in_process, [(wait,) for _ in names])[1], None
    elif model == "py_asyncio":
        async def main():
            await asyncio.gather(*(download_file_async(name, wait) for name in names))
        asyncio.run(main())
    else:
        raise ValueError(f"io_bound has no {model}")
    return n, 0.0, None


def cpu_bound(model, s):
    pieces = split(s["py_cpu_limit"], s["cpu_pieces"])
    if model == "py_sequential":
        total = sum(count_primes(a, b) for a, b in pieces)
    elif model == "py_threads":
        counts = [0] * len(pieces)

        def work(i, a, b):
            counts[i] = count_primes(a, b)

        threads = [threading.Thread(target=work, args=(i, a, b)) for i, (a, b) in enumerate(pieces)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = sum(counts)
    elif model == "py_processes":
        total, peaks = run_processes(compute, [((a, b),) for a, b in pieces])
        return len(pieces), peaks, total
    elif model == "py_interpreters":
        # Python 3.14 (PEP 734): one interpreter per piece, in this process, each with its
        # own GIL, so they compute in parallel. count_primes and its arguments are pickled
        # into each interpreter and the count comes back the same way: data is copied,
        # never shared. (count_primes is found there because main() runs only under
        # `if __name__ == "__main__"`.) compare_demo runs this row only where the probe
        # found InterpreterPoolExecutor.
        from concurrent.futures import InterpreterPoolExecutor  # novermin
        with InterpreterPoolExecutor(max_workers=len(pieces)) as pool:
            futures = [pool.submit(count_primes, a, b) for a, b in pieces]
            total = sum(f.result() for f in futures)
    else:
        raise ValueError(f"cpu_bound has no {model}")
    return len(pieces), 0.0, total


def spawn_cost(model, s):
    if model == "py_threads":
        n = s["spawn_threads"]
        for _ in range(n):
            t = threading.Thread(target=nothing)
            t.start()
            t.join()
    elif model == "py_processes":
        n = s["spawn_processes"]
        for _ in range(n):
            p = multiprocessing.Process(target=nothing)
            p.start()
            p.join()
    elif model == "py_asyncio":
        n = s["spawn_tasks"]

        async def noop():
            pass

        async def main():
            for _ in range(n):
                await asyncio.create_task(noop())
        asyncio.run(main())
    else:
        raise ValueError(f"spawn_cost has no {model}")
    return n, 0.0, None


def scale_async(model, s):
    n, wait = s["scale_tasks"], s["scale_wait_s"]

    async def main():
        await asyncio.gather(*(asyncio.sleep(wait) for _ in range(n)))
    asyncio.run(main())
    return n, 0.0, None


def scale_threads(model, s):
    n, wait = s["scale_threads"], s["scale_wait_s"]
    threading.stack_size(128 * 1024)
    threads = []
    try:
        for _ in range(n):
            t = threading.Thread(target=time.sleep, args=(wait,))
            t.start()
            threads.append(t)
    finally:
        for t in threads:
            t.join()
    return n, 0.0, None


def raise_open_files():
    """Raise the open-files soft limit to the hard one, as the Rust rows do; return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def fetch(url, timeout):
    """One blocking GET with urllib.request, the body read to the end."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()


async def fetch_async(host, port, path, timeout):
    """One GET over asyncio streams: HTTP/1.1 written by hand, read until the server closes."""
    async def get():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                         "Connection: close\r\n\r\n".encode())
            await writer.drain()
            status = await reader.readline()
            if not status.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(f"the server answered {status!r}")
            await reader.read()  # headers and body, until the server closes
        finally:
            writer.close()
    await asyncio.wait_for(get(), timeout)


def net(model, s):
    """N concurrent GETs of the parent's loopback server (it answers after 100 ms)."""
    n, url = s["net_n"], s["net_url"]
    timeout = s["net_latency_s"] + 30
    open_files = raise_open_files()
    errors = []
    if model == "py_threads":
        # One thread per request, as the Rust `threads` row; small stacks so 10,000 fit.
        threading.stack_size(256 * 1024)
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = [pool.submit(fetch, url, timeout) for _ in range(n)]
            for f in futures:
                if f.exception() is not None:
                    errors.append(f.exception())
    elif model == "py_asyncio":
        parts = urllib.parse.urlsplit(url)

        async def main():
            return await asyncio.gather(
                *(fetch_async(parts.hostname, parts.port, parts.path, timeout)
                  for _ in range(n)),
                return_exceptions=True)
        errors = [r for r in asyncio.run(main()) if isinstance(r, BaseException)]
    else:
        raise ValueError(f"net has no {model}")
    if errors:
        first = errors[0]
        raise RuntimeError(f"{len(errors)} of {n} requests failed (open-files soft limit "
                           f"RLIMIT_NOFILE = {open_files}); the first: "
                           f"{type(first).__name__}: {first}")
    return n, 0.0, None


EXPERIMENTS = {
    "io_bound": io_bound,
    "cpu_bound": cpu_bound,
    "spawn_cost": spawn_cost,
    "scale_async": scale_async,
    "scale_threads": scale_threads,
    "net": net,
}


def main():
    experiment, model, sizes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    base = rss_mb()
    result = {"wall_s": None, "units": 0, "peak_rss_mb": None, "base_rss_mb": base,
              "answer": None, "error": None}
    try:
        # Short CPU-heavy rows run several times and keep the fastest, as the Rust rows do.
        repeats = sizes.get("repeats", 1) if experiment in ("cpu_bound", "spawn_cost") else 1
        for _ in range(max(1, repeats)):
            start, cpu = time.perf_counter(), cpu_seconds()
            units, children_peak, answer = EXPERIMENTS[experiment](model, sizes)
            wall = time.perf_counter() - start
            if result["wall_s"] is None or wall < result["wall_s"]:
                result.update(wall_s=wall, units=units, cpu_s=cpu_seconds() - cpu,
                              peak_rss_mb=peak_mb() + children_peak, answer=answer)
    except Exception as e:  # reported as the row's error, never a crash of the demo
        result.update(error=f"{type(e).__name__}: {e}", wall_s=None)
    # Asked after the row ran: importing an extension module that does not declare
    # free-threading support turns the GIL back on in a free-threaded build. Before 3.13
    # there is no such build, and no such function: None.
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    result["gil_enabled"] = is_gil_enabled() if is_gil_enabled else None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
