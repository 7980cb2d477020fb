# race_demo's Python half: one global counter, incremented by THREADS threads, N times each,
# in two ways. race_demo runs this file with `python3 -c` and reads the lines starting with
# "race_demo-python"; run it yourself with `python3 python/race.py 4 100000`.
import platform
import sys
import sysconfig
import threading

counter = 0


def add_in_place(n):
    # Read counter, add 1, write it back: three steps, but the eval loop of CPython 3.10 and
    # newer with the GIL only switches threads at a loop's back edge or at the start of a
    # function call, and there is neither between the read and the write.
    global counter
    for _ in range(n):
        counter += 1


def increment(value):
    return value + 1


def add_through_a_call(n):
    # The same read-modify-write with a function call between the read and the write. The
    # call is a point where CPython may switch threads: a thread switched out there still
    # holds the old value, and when it resumes it writes old + 1 over everything the other
    # threads added meanwhile.
    global counter
    for _ in range(n):
        counter = increment(counter)


def run(target, threads, n):
    global counter
    counter = 0
    workers = [threading.Thread(target=target, args=(n,)) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counter


def main():
    threads, n = int(sys.argv[1]), int(sys.argv[2])
    free_threaded = 1 if sysconfig.get_config_var("Py_GIL_DISABLED") else 0
    if hasattr(sys, "_is_gil_enabled"):
        gil = "on" if sys._is_gil_enabled() else "off"
    else:
        gil = "always"  # before 3.13 there is no build without the GIL
    switch_us = round(sys.getswitchinterval() * 1e6)
    print("race_demo-python build", platform.python_implementation(), platform.python_version(),
          free_threaded, gil, switch_us, sys.executable)
    print("race_demo-python in_place", run(add_in_place, threads, n))
    print("race_demo-python through_a_call", run(add_through_a_call, threads, n))


main()
