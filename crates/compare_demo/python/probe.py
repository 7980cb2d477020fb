# probe.py - what compare_demo asks an interpreter before it runs any Python row.
#
# compare_demo runs this with `PYTHON -c <this text>` and reads one line:
#     compare_demo-probe {"version": "3.14.0", ...}
# It is written so that any Python, 2.7 included, can run it: a too-old interpreter must
# still say which version it is, so that compare_demo can refuse it with a clear message.
# Anything that is not a Python prints no such line, and is refused as "not a Python".

import json
import platform
import sys
import sysconfig


def gil_enabled():
    # sys._is_gil_enabled() exists from 3.13 on. Before 3.13 there is no build without the
    # GIL, so None means "the GIL is on, and this Python cannot say otherwise".
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return is_enabled() if is_enabled is not None else None


def has_interpreter_pool():
    # concurrent.futures.InterpreterPoolExecutor: Python 3.14 (PEP 734). It is imported
    # lazily, so looking it up can raise ImportError as well as AttributeError.
    try:
        import concurrent.futures
        return hasattr(concurrent.futures, "InterpreterPoolExecutor")
    except Exception:
        return False


def start_method():
    # The default multiprocessing start method: "fork" on Linux up to 3.13, "forkserver"
    # from 3.14 on.
    try:
        import multiprocessing
        return multiprocessing.get_start_method()
    except Exception:
        return None


info = {
    "implementation": platform.python_implementation(),
    "version": platform.python_version(),
    "version_info": list(sys.version_info[:3]),
    # 1 on a free-threaded build (python3.13t, python3.14t), whether or not the GIL was
    # turned back on at run time.
    "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil_enabled": gil_enabled(),
    "interpreter_pool": has_interpreter_pool(),
    "start_method": start_method(),
    "executable": sys.executable,
}
print("compare_demo-probe " + json.dumps(info))
