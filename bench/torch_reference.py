#!/usr/bin/env python3
"""PyTorch reference for the training benchmark (bench/training.bench.ts).

Trains the same workload as the TypeScript engines, the way the official notebook (toy_models.ipynb) does:
an instance axis, every weight [I, n, m] with xavier_normal_ init, b_final zeros [I, n], data drawn per
element (value U[0,1), or U[-1,1) for signed inputs, kept where another U[0,1) draw <= p),
importance-weighted squared error against the model's target, mean over batch and features per instance,
summed over instances, torch.optim.AdamW(lr=1e-3) with torch's defaults (betas 0.9/0.999, eps 1e-8,
weight_decay 0.01). Every step: generate the batch, forward, backward, step.

Models (a job's "model", the core/models/ kinds; row vectors, W stored [n, m] per instance):
  relu-output   h = x·W,        y = ReLU(h·Wᵀ + b),   target x        (the paper's first model)
  relu-hidden   h = ReLU(x·W),  y = ReLU(h·Wᵀ + b),   target x        (privileged basis)
  untied-abs    h = ReLU(x·W1), y = ReLU(h·W2ᵀ + b),  target |x|, signed inputs  (computation of |x|)

Usage:
  python3 bench/torch_reference.py --jobs JOBS.json [--threads 1] [--peak] [--check] [--variant bmm|einsum]
                                   [--eval CASES.json]

JOBS.json is a list of {"workload", "model", "n", "m", "instances", "batch", "density": "sched" | <float>,
"instance_densities": [I floats], "importance_decay", "steps", "iterations", "warmup_steps", "min_seconds"}
(bench/workloads.ts referenceJob; "model" defaults to relu-output, "instance_densities" to the notebook's
schedule 20^(-linspace(0, 1, I)) or the constant, "importance_decay" to 0.9). One JSON object per line goes to stdout:
  {"kind": "env", torch_version, threads, blas, blas_core, ...}
  {"kind": "peak", "gflops", "threads", "size", "method"}            (with --peak, one per thread count)
  {"kind": "check", "ok", "max_rel_err", ...}                          (with --check)
  {"kind": "eval", "model", "loss", "gradients"}                       (with --eval, one per case)
  {"kind": "result", workload, model, steps, seconds, steps_per_s, cores_used, torch_version, threads, blas, ...}
  {"kind": "usage", "cpu_seconds"}                                     (last: CPU time of this process)
Progress goes to stderr. The timed part of a result is at least `iterations` runs of `steps` steps each (each from the same fresh
model), more until `min_seconds` are measured, after `warmup_steps` untimed steps; `seconds` is the median run (steps_per_s = steps / seconds), `best_seconds`
the fastest, `mean_seconds` the mean, `cores_used` the process's CPU time over the timed runs' wall time.

--eval CASES.json, a list of {"model", "n", "m", "instances", "params": {name: flat [I, ...]},
"x": flat [I, B, n], "importance": [n]} (bench/model-check.ts), prints for each case, before any job,
{"kind": "eval", "model", "loss": [I], "gradients": {name: flat}}: each instance's loss (mean over batch
and features) and its gradients, in float64, by the forward the training runs (bmm); the bench holds
them to the float64 reference of core/models/ before it trusts this script's timings of that model.

Threads: torch.set_num_threads(--threads) for torch's own loops, and openblas_set_num_threads for the
system OpenBLAS that Debian's torch calls (torch.set_num_threads does not reach it). Start the process
with OPENBLAS_NUM_THREADS >= the largest thread count wanted (the bench sets 2).
"""

import argparse
import ctypes
import ctypes.util
import json
import math
import os
import sys
import time

from reference_jobs import HIDDEN_RELU, MODELS, SIGNED_ABS, WEIGHTS, emit, instance_densities, logger, model_kind, timing_summary

log = logger("torch")


def blas_info(torch):
    """Which BLAS torch's matmuls reach, and which OpenBLAS kernel (core) it picked."""
    info = {"blas": "unknown", "blas_core": None, "blas_threads": None}
    cfg = torch.__config__.show()
    for key in ("BLAS_INFO", "LAPACK_INFO"):
        for part in cfg.replace("\n", ",").split(","):
            part = part.strip()
            if part.startswith(key + "="):
                info["blas"] = part.split("=", 1)[1]
                break
        if info["blas"] != "unknown":
            break
    # Debian's torch links the system BLAS (generic → libblas.so.3 → OpenBLAS via alternatives)
    for name in ("openblas", "openblas64_", "blas"):
        path = ctypes.util.find_library(name)
        if path is None:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            info["blas"] = f"{info['blas']} → {lib.openblas_get_config().decode()}"
            info["blas_core"] = lib.openblas_get_corename().decode()
            info["blas_threads"] = int(lib.openblas_get_num_threads())
            break
        except (OSError, AttributeError):
            continue
    return info





def density_tensor(torch, job):
    I, n = job["instances"], job["n"]
    per_inst = torch.tensor(instance_densities(job))
    return per_inst[:, None].expand(I, n).contiguous()  # [I, n]


class ToyModel:
    """The model's parameters as plain tensors (the forward is written out in `forward_fn`)."""

    def __init__(self, torch, job, seed):
        I, n, m = job["instances"], job["n"], job["m"]
        self.kind = model_kind(job)
        g = torch.Generator().manual_seed(seed)
        # xavier_normal_ with the notebook's 3-D shape: std = sqrt(2 / (m·(n + I))), every weight matrix alike
        std = math.sqrt(2.0 / (m * (n + I)))
        self.weights = []
        for _ in WEIGHTS[self.kind]:
            w = torch.nn.Parameter(torch.empty((I, n, m)))
            with torch.no_grad():
                w.normal_(0.0, std, generator=g)
            self.weights.append(w)
        self.b = torch.nn.Parameter(torch.zeros((I, n)))
        decay = float(job.get("importance_decay", 0.9))
        self.importance = torch.tensor([decay**f for f in range(n)])  # [n]
        self.p = density_tensor(torch, job)  # [I, n]

    def parameters(self):
        return [*self.weights, self.b]


def forward_fn(torch, kind, variant):
    """forward(x, encoder, decoder, b) -> output, for batches [I, B, n] (bmm) or [B, I, n] (einsum)."""
    hidden_relu = HIDDEN_RELU[kind]
    if variant == "einsum":
        # exactly the notebook: batch [B, I, n], einsum over the instance axis

        def forward(x, enc, dec, b):
            h = torch.einsum("bif,ifh->bih", x, enc)
            if hidden_relu:
                h = torch.relu(h)
            return torch.relu(torch.einsum("bih,ifh->bif", h, dec) + b)
    else:
        # the same maths with batch [I, B, n] and torch.bmm (no permutes inside einsum)

        def forward(x, enc, dec, b):
            h = torch.bmm(x, enc)  # [I, B, m]
            if hidden_relu:
                h = torch.relu(h)
            return torch.relu(torch.bmm(h, dec.transpose(1, 2)) + b[:, None, :])  # [I, B, n]

    return forward


def make_step(torch, model, opt, job, variant):
    I, n, B = job["instances"], job["n"], job["batch"]
    b, imp, p = model.b, model.importance, model.p
    enc, dec = model.weights[0], model.weights[-1]  # tied: the same W
    signed_abs = SIGNED_ABS[model.kind]
    forward = forward_fn(torch, model.kind, variant)
    shape = (B, I, n) if variant == "einsum" else (I, B, n)
    p_b = p[None] if variant == "einsum" else p[:, None, :]  # [1, I, n] or [I, 1, n]
    imp_b = imp[None, None]  # [1, 1, n]
    dims = (0, 2) if variant == "einsum" else (1, 2)

    def step():
        feat = torch.rand(shape)
        if signed_abs:
            feat = feat * 2 - 1  # U[-1, 1) when active (data/signed.ts)
        keep = torch.rand(shape) <= p_b
        x = torch.where(keep, feat, torch.zeros((), dtype=feat.dtype))
        out = forward(x, enc, dec, b)
        target = x.abs() if signed_abs else x
        err = imp_b * (target - out) ** 2
        loss = err.mean(dim=dims).sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step


def run_job(torch, job, variant, seed):
    """Like one call of the TypeScript engines per timed run: every run trains a fresh model (same initial
    weights, fresh AdamW state, same data seed) for `steps` steps; model set-up is outside the timing."""

    def fresh():
        torch.manual_seed(seed)
        model = ToyModel(torch, job, seed)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
        return make_step(torch, model, opt, job, variant)

    step = fresh()
    for _ in range(job.get("warmup_steps", 0)):
        step()
    times = []
    cpu = 0.0
    loss = float("nan")
    min_seconds = float(job.get("min_seconds", 0.0))
    while len(times) < max(1, job.get("iterations", 1)) or sum(times) < min_seconds:
        step = fresh()
        c0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(job["steps"]):
            last = step()
        times.append(time.perf_counter() - t0)
        cpu += time.process_time() - c0
        loss = float(last.detach())
    return timing_summary(job, times, cpu, loss)


def sgemm_peak(torch, threads, size=2048, repeats=5):
    """Best-of-`repeats` GFLOP/s of a square float32 torch.mm (2·size³ flops), on `threads` threads."""
    torch.set_num_threads(threads)
    set_blas_threads(threads)
    g = torch.Generator().manual_seed(0)
    a = torch.rand((size, size), generator=g)
    bm = torch.rand((size, size), generator=g)
    c = torch.mm(a, bm)  # warm-up
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, bm, out=c)
        dt = time.perf_counter() - t0
        best = max(best, 2.0 * size**3 / dt / 1e9)
    return best


_openblas = None


def set_blas_threads(threads):
    """torch.set_num_threads does not reach a system OpenBLAS: set its own thread count too."""
    global _openblas
    if _openblas is None:
        for name in ("openblas", "blas"):
            path = ctypes.util.find_library(name)
            if path is None:
                continue
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_set_num_threads  # noqa: B018 (attribute check)
                _openblas = lib
                break
            except (OSError, AttributeError):
                continue
        if _openblas is None:
            _openblas = False
    if _openblas:
        _openblas.openblas_set_num_threads(int(threads))


def check(torch, variant):
    """Float32 loss and gradients of one step against float64 on the same weights and data, for every
    model: guards against a BLAS kernel that computes wrong results on this CPU (see OPENBLAS_CORETYPE)."""
    worst = 0.0
    for kind in MODELS:
        forward = forward_fn(torch, kind, variant)
        for (n, m, I) in ((5, 2, 10), (20, 5, 7), (100, 20, 20), (400, 30, 10)):
            g = torch.Generator().manual_seed(1)
            weights = [torch.randn((I, n, m), generator=g) * 0.2 for _ in WEIGHTS[kind]]
            b = torch.randn((I, n), generator=g) * 0.1
            x = torch.rand((I, 256, n), generator=g) * (torch.rand((I, 256, n), generator=g) < 0.3)
            if SIGNED_ABS[kind]:
                x = torch.where(x > 0, 2 * x - 1, x)
            imp = torch.tensor([0.9**f for f in range(n)])
            grads = {}
            for dtype in (torch.float32, torch.float64):
                ws = [w.detach().to(dtype).clone().requires_grad_(True) for w in weights]
                bd = b.detach().to(dtype).clone().requires_grad_(True)
                xd = x.to(dtype)
                if variant == "einsum":
                    xd = xd.permute(1, 0, 2)
                out = forward(xd, ws[0], ws[-1], bd)
                target = xd.abs() if SIGNED_ABS[kind] else xd
                dims = (0, 2) if variant == "einsum" else (1, 2)
                loss = (imp.to(dtype) * (target - out) ** 2).mean(dim=dims).sum()
                loss.backward()
                grads[dtype] = (loss.detach().double(), bd.grad.double(), *(w.grad.double() for w in ws))
            for a, r in zip(grads[torch.float32], grads[torch.float64]):
                scale = float(r.abs().max()) or 1.0
                worst = max(worst, float((a - r).abs().max()) / scale)
    return worst


def evaluate(torch, case):
    """--eval: one case's per-instance loss and gradients (of the summed loss) in float64."""
    kind = case["model"]
    if kind not in MODELS:
        raise ValueError(f"unknown model '{kind}' (allowed: {', '.join(MODELS)})")
    I, n, m = case["instances"], case["n"], case["m"]
    f64 = torch.float64
    weights = [torch.tensor(case["params"][name], dtype=f64).reshape(I, n, m).requires_grad_(True) for name in WEIGHTS[kind]]
    b = torch.tensor(case["params"]["b"], dtype=f64).reshape(I, n).requires_grad_(True)
    x = torch.tensor(case["x"], dtype=f64).reshape(I, -1, n)
    importance = torch.tensor(case["importance"], dtype=f64)
    out = forward_fn(torch, kind, "bmm")(x, weights[0], weights[-1], b)
    target = x.abs() if SIGNED_ABS[kind] else x
    per_instance = (importance * (target - out) ** 2).mean(dim=(1, 2))
    per_instance.sum().backward()
    grads = {name: w.grad for name, w in zip(WEIGHTS[kind], weights)}
    grads["b"] = b.grad
    return {
        "kind": "eval",
        "model": kind,
        "loss": [float(v) for v in per_instance.detach()],
        "gradients": {name: [float(v) for v in g.reshape(-1)] for name, g in grads.items()},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", help="JSON file with the list of workloads to train")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--peak", action="store_true", help="also measure the sgemm peak (1 and 2 threads)")
    ap.add_argument("--peak-threads", default="1,2")
    ap.add_argument("--check", action="store_true", help="check float32 gradients against float64 first")
    ap.add_argument("--variant", choices=("bmm", "einsum"), default="bmm")
    ap.add_argument("--eval", help="JSON file with a list of batches: print each one's loss and gradients in float64")
    ap.add_argument("--seed", type=int, default=20221014)
    args = ap.parse_args()

    try:
        import torch
    except ImportError as e:
        emit({"kind": "error", "error": f"import torch failed: {e}"})
        return 2

    env = {
        "kind": "env",
        "torch_version": torch.__version__,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "variant": args.variant,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
    }
    env.update(blas_info(torch))

    if args.peak:
        for t in [int(s) for s in args.peak_threads.split(",") if s]:
            gf = sgemm_peak(torch, t)
            log(f"sgemm peak, {t} thread(s): {gf:.1f} GFLOP/s")
            emit({"kind": "peak", "threads": t, "gflops": gf, "size": 2048, "method": "torch.mm float32 2048², best of 5"})

    torch.set_num_threads(args.threads)
    set_blas_threads(args.threads)
    env["threads"] = torch.get_num_threads()
    env.update({k: v for k, v in blas_info(torch).items() if k == "blas_threads"})
    emit(env)

    if args.eval:
        with open(args.eval) as f:
            for case in json.load(f):
                emit(evaluate(torch, case))

    if args.check:
        err = check(torch, args.variant)
        ok = err < 1e-4
        log(f"float32 vs float64 gradients: max relative error {err:.2e} ({'ok' if ok else 'WRONG'})")
        emit({"kind": "check", "ok": ok, "max_rel_err": err, "blas_core": env.get("blas_core")})
        if not ok:
            return 3

    jobs = []
    if args.jobs:
        with open(args.jobs) as f:
            jobs = json.load(f)
    for job in jobs:
        log(f"{job['workload']} ({model_kind(job)}) density {job['density']}: {job.get('iterations', 1)} × {job['steps']} steps")
        r = run_job(torch, job, args.variant, args.seed)
        r.update({
            "kind": "result",
            "workload": job["workload"],
            "model": model_kind(job),
            "density": job["density"],
            "steps": job["steps"],
            "torch_version": env["torch_version"],
            "threads": env["threads"],
            "blas": env["blas"],
            "blas_core": env["blas_core"],
            "variant": args.variant,
        })
        emit(r)
    # CPU time of this whole process (all threads), so the bench can tell other processes' load from ours
    emit({"kind": "usage", "cpu_seconds": time.process_time()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
