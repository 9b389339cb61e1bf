#!/usr/bin/env python3
"""attnc's GPU kernels checked and timed from prebuilt artifacts.

Runs on a machine without MLIR (the GPU machine) from what
scripts/gpu_artifacts.sh built elsewhere:

  OUT/cases/<case>/{kernel.mlir, case.json, *.npy, lib.so}   sweep cases
  OUT/bench/<kernel>.so                                       bench kernels

For every case: the saved inputs go to the device, the kernel runs with the
SPEC §6 checks on, and each result is compared with the saved float64
reference by SPEC §7's rule; plain attention cases are also compared with
torch SDPA in float64 (a second oracle). One line per case, a summary, and
a nonzero exit on any failure.

  gpu_suite.py --artifacts OUT                  # check every case on CUDA
  gpu_suite.py --artifacts OUT --sanitizer      # + memcheck on a subset
  gpu_suite.py --artifacts OUT --bench --reps 30
  gpu_suite.py --artifacts OUT --device cpu     # CPU-built artifacts, numpy

--device torch-cpu runs CPU-built libraries on torch CPU tensors (the
torch path of --device cuda, without a GPU).
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attnc_lib  # noqa: E402
import compare  # noqa: E402
import device_arrays  # noqa: E402
import oracle  # noqa: E402


def load_cases(artifacts, pattern):
    """(directory, case.json) of every saved case whose name contains
    `pattern`, in name order."""
    cases = []
    for path in sorted(glob.glob(os.path.join(artifacts, "cases", "*",
                                              "case.json"))):
        directory = os.path.dirname(path)
        if pattern and pattern not in os.path.basename(directory):
            continue
        with open(path) as f:
            cases.append((directory, json.load(f)))
    return cases


def load_inputs(directory, case):
    """Stored arrays of the arguments, in order."""
    return [np.load(os.path.join(directory, a["file"])) for a in case["args"]]


class CaseFailure(Exception):
    pass


def args_device(device):
    """The --device value that made `device`."""
    return {"torch-cuda": "cuda"}.get(device.name, device.name)


def operand_types(case):
    """(element type, shape) of the arguments and of the results."""
    return ([(a["element_type"], list(a["shape"])) for a in case["args"]],
            [(r["element_type"], list(r["shape"])) for r in case["results"]])


def case_libraries(directory):
    """The case's libraries: lib.so, then lib-<chip>.so for further GPU
    chips (gpu_artifacts.sh's ATTNC_GPU_CHIPS), as (label, path)."""
    extra = sorted(glob.glob(os.path.join(directory, "lib-*.so")))
    return [("", os.path.join(directory, "lib.so"))] + [
        (f" [{os.path.basename(p)[4:-3]}]", p) for p in extra]


def load_kernel(lib, case, device):
    """Library `lib` of a case, checked against case.json and the device."""
    if not os.path.exists(lib):
        raise CaseFailure("no lib.so (attnc failed: see compile_failures.txt)")
    kernel = attnc_lib.Kernel(lib, case["function"])
    problems = kernel.check_operands(*operand_types(case))
    if problems:
        raise CaseFailure("signature: " + "; ".join(problems))
    # Host pointers for a CPU library, device pointers for a CUDA one.
    if kernel.is_cuda != (device.name == "torch-cuda"):
        raise CaseFailure(f"a {'CUDA' if kernel.is_cuda else 'CPU'} library "
                          f"cannot run on --device {args_device(device)}")
    return kernel


def run_kernel(kernel, case, stored, device):
    """Runs `kernel` on the `stored` inputs with the SPEC §6 checks on;
    returns the results as float64 arrays."""
    args, results = operand_types(case)
    tensors = [device.upload(s, element) for s, (element, _) in zip(stored, args)]
    tensors += [device.empty(shape, element) for element, shape in results]
    if kernel.is_cuda:  # synchronous, on torch's stream
        kernel.set_stream(device.torch.cuda.current_stream().cuda_stream, 1)
    packed = kernel.prepare([(device.address(t), shape) for t, (_, shape)
                             in zip(tensors, args + results)], check=True)
    status = kernel.call(packed)
    device.synchronize()
    if status != 0:
        raise CaseFailure(f"kernel returned {status}: {kernel.last_error()}")
    return [device.download(t, element)
            for t, (element, _) in zip(tensors[len(args):], results)]


def check_results(directory, case, outs, strict_counts):
    """Verdicts of every result against the saved reference."""
    verdicts = []
    for r, out in zip(case["results"], outs):
        ref = np.load(os.path.join(directory, r["file"]))
        verdicts.append((r["name"] or f"#{r['index']}",
                         compare.compare(out, ref, r["compare"],
                                         strict_counts)))
    return verdicts


def check_oracle(case, stored, outs):
    """The kernel's `out` against the second oracle, or None where it does
    not apply."""
    if oracle.why_not_plain(case):
        return None
    inputs = {a["role"]: device_arrays.decode(s, a["element_type"])
              for a, s in zip(case["args"], stored)}
    if oracle.why_not_finite(inputs):
        return None
    expected = oracle.evaluate(case, inputs)
    return compare.compare(outs[0], expected, case["results"][0]["compare"])


def run_case(directory, case, device, args):
    """One line for the case; returns whether it passed. A kernel that
    cannot run raises (CaseFailure, or torch's error)."""
    stored = load_inputs(directory, case)
    passed = True
    for label, lib in case_libraries(directory):
        name = os.path.basename(directory) + label
        start = time.time()
        try:
            kernel = load_kernel(lib, case, device)
        except CaseFailure as e:
            raise CaseFailure(f"{label.strip()} {e}".strip())
        outs = run_kernel(kernel, case, stored, device)
        verdicts = check_results(directory, case, outs, args.strict_counts)
        if not args.no_oracle:
            verdict = check_oracle(case, stored, outs)
            if verdict is not None:
                verdicts.append(("sdpa-oracle", verdict))
        ok = all(v.passed for _, v in verdicts)
        detail = "; ".join(f"{n} {v}" for n, v in verdicts)
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail} "
              f"[{time.time() - start:.1f}s]", flush=True)
        passed = passed and ok
    return passed


def is_sticky_cuda_error(error):
    """A CUDA error after which the context is unusable (stop the run)."""
    text = str(error)
    return "CUDA error" in text or "illegal memory access" in text


def run_cases(args, device):
    """Checks every case; returns the exit status."""
    cases = load_cases(args.artifacts, args.cases)
    if args.subset:
        cases = pick_subset(cases, args.subset)
    if not cases:
        print(f"no saved cases under {args.artifacts}/cases")
        return 1
    counts = {"pass": 0, "fail": 0}
    for index, (directory, case) in enumerate(cases):
        try:
            counts["pass" if run_case(directory, case, device, args)
                   else "fail"] += 1
        except Exception as e:  # report and go on: never a crash
            counts["fail"] += 1
            why = str(e) if isinstance(e, CaseFailure) else \
                f"{type(e).__name__}: {e}"
            print(f"FAIL  {os.path.basename(directory)}: {why}", flush=True)
            if is_sticky_cuda_error(e):
                print(f"stopping: the CUDA context is lost; "
                      f"{len(cases) - index - 1} cases not run")
                counts["fail"] += len(cases) - index - 1
                break
    failures = os.path.join(args.artifacts, "compile_failures.txt")
    if os.path.exists(failures) and os.path.getsize(failures):
        print(f"note: {failures} lists cases attnc could not compile")
    print(f"gpu suite ({device.name}, second oracle: {oracle.ORACLE_NAME}): "
          f"{len(cases)} cases")
    print(f"{counts['pass']} passed, {counts['fail']} failed")
    return 1 if counts["fail"] else 0


def pick_subset(cases, n):
    """Up to `n` small cases spread over the op families and layouts: the
    smallest of each (family, layout) first."""
    def size(item):
        d = item[0]
        return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    groups = {}
    for item in sorted(cases, key=size):
        op = item[1]["ops"][0] if item[1]["ops"] else {}
        groups.setdefault((op.get("family"), op.get("layout")), []).append(item)
    picked = []
    while len(picked) < n and any(groups.values()):
        for key in sorted(groups, key=str):
            if groups[key] and len(picked) < n:
                picked.append(groups[key].pop(0))
    return sorted(picked, key=lambda item: item[0])


def find_sanitizer():
    """compute-sanitizer from PATH or the CUDA toolkit, or None."""
    found = shutil.which("compute-sanitizer")
    candidates = [found] if found else []
    candidates += sorted(glob.glob("/usr/local/cuda*/bin/compute-sanitizer"))
    candidates += sorted(glob.glob("/usr/local/cuda*/compute-sanitizer/"
                                   "compute-sanitizer"))
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def run_sanitizer(args):
    """Re-runs this script under compute-sanitizer memcheck on a small
    subset; returns the exit status."""
    tool = find_sanitizer()
    if tool is None:
        print("sanitizer: compute-sanitizer not found (PATH, /usr/local/cuda*)")
        return 1
    child = [tool, "--tool", "memcheck", "--error-exitcode", "86",
             "--print-limit", "20", sys.executable, os.path.abspath(__file__),
             "--artifacts", args.artifacts, "--device", args.device,
             "--subset", str(args.sanitizer_cases), "--no-oracle"]
    if args.cases:
        child += ["--cases", args.cases]
    # Every tensor its own cudaMalloc: the caching allocator's slabs would
    # hide an out-of-bounds access inside a neighbouring tensor.
    env = dict(os.environ, PYTORCH_NO_CUDA_MEMORY_CACHING="1")
    print(f"sanitizer: {' '.join(child)}", flush=True)
    result = subprocess.run(child, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    summary = re.findall(r"ERROR SUMMARY: (\d+) error", output)
    errors = int(summary[-1]) if summary else None
    for line in output.splitlines():
        if line.startswith(("PASS", "FAIL", "=========")) or "passed," in line:
            print(f"  {line}")
    if errors is None:
        # e.g. "terminated before first instrumented API call": no CUDA
        # library ran, so nothing was checked.
        verdict = "no error summary (no CUDA work was checked)"
    else:
        verdict = f"{errors} memcheck errors"
    cases = "cases failed" if result.returncode not in (0, 86) else ""
    print(f"sanitizer (memcheck, {args.sanitizer_cases} cases): {verdict}"
          f"{', ' + cases if cases else ''}, exit {result.returncode}")
    return 0 if result.returncode == 0 and errors == 0 else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", required=True,
                        help="OUT of scripts/gpu_artifacts.sh")
    parser.add_argument("--device", choices=["cuda", "cpu", "torch-cpu"],
                        default="cuda")
    parser.add_argument("--cases", default="",
                        help="only cases whose name contains this")
    parser.add_argument("--subset", type=int, default=0,
                        help="only N small cases spread over the families")
    parser.add_argument("--skip-cases", action="store_true",
                        help="do not check the saved cases")
    parser.add_argument("--no-oracle", action="store_true",
                        help="skip the torch SDPA second oracle")
    parser.add_argument("--strict-counts", action="store_true",
                        help="judge integer counts (selections, skip stats) "
                             "exactly instead of reporting them")
    parser.add_argument("--sanitizer", action="store_true",
                        help="also run a subset under compute-sanitizer "
                             "memcheck")
    parser.add_argument("--sanitizer-cases", type=int, default=6)
    parser.add_argument("--bench", action="store_true",
                        help="time the ANCHORS.md shapes against the peers")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--rows", default="",
                        help="--bench: only rows whose name contains this")
    parser.add_argument("--no-flex", action="store_true",
                        help="--bench: skip FlexAttention (torch.compile)")
    return parser.parse_args()


def main():
    args = parse_args()
    status = 0
    if not args.skip_cases:
        status |= run_cases(args, device_arrays.make_device(args.device))
    if args.sanitizer:
        if args.device != "cuda":
            print("sanitizer: skipped (needs --device cuda)")
        else:
            status |= run_sanitizer(args)
    if args.bench:
        if args.device != "cuda":
            print("bench: skipped (needs --device cuda)")
        else:
            import bench
            status |= bench.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
