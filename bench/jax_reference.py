#!/usr/bin/env python3
"""JAX reference for the training benchmark (bench/training.bench.ts), beside bench/torch_reference.py.

Trains the same workloads with the same protocol as the PyTorch reference (read its docstring): an
instance axis, every weight [I, n, m] xavier-normal (std = sqrt(2 / (m·(n + I)))), bias zeros [I, n],
data drawn per element (value U[0,1), or U[-1,1) for signed inputs, kept where another U[0,1) draw <= p),
importance-weighted squared error against the model's target, mean over batch and features per instance,
summed over instances, AdamW written out as torch.optim.AdamW computes it (lr 1e-3, betas 0.9/0.999,
eps 1e-8, decoupled weight_decay 0.01 on every parameter). Every step: generate the batch, forward,
backward, update.

Models (a job's "model", the core/models/ kinds; row vectors, W stored [n, m] per instance):
  relu-output   h = x·W,        y = ReLU(h·Wᵀ + b),   target x        (the paper's first model)
  relu-hidden   h = ReLU(x·W),  y = ReLU(h·Wᵀ + b),   target x        (privileged basis)
  untied-abs    h = ReLU(x·W1), y = ReLU(h·W2ᵀ + b),  target |x|, signed inputs  (computation of |x|)

JAX at its best (shared/guide/performance.md): the whole run of `steps` steps is one call of a
jit-compiled function whose body is one `lax.fori_loop`; the data are drawn inside the loop with JAX's
threefry PRNG (jax.random, threefry2x32, the default), so nothing leaves XLA between steps. The step count
is an argument, not a constant, so one compilation serves the warm-up and every timed run; compiling
happens in the untimed warm-up.

One thread: before JAX is imported the script sets
  XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
(appended to any XLA_FLAGS already set) and pins the process to one CPU (os.sched_setaffinity). The pin
is needed: measured with jax 0.10 here, the flags alone still spread a jit-compiled matmul over four
threads of XLA's CPU pool, while with one CPU in its affinity mask XLA sizes that pool to one. Each
result reports `cores_used` (process CPU time over wall time during the timed runs) as a check.

Usage:
  .venv/bin/python bench/jax_reference.py --jobs JOBS.json [--threads 1] [--check] [--eval CASES.json]

JOBS.json is what torch_reference.py takes (bench/workloads.ts referenceJob). One JSON object per line goes
to stdout, as torch_reference.py prints them:
  {"kind": "env", jax_version, jaxlib_version, python, threads, xla_flags, affinity, prng, ...}
  {"kind": "check", "ok", "max_rel_err"}                               (with --check)
  {"kind": "eval", "model", "loss", "gradients"}                       (with --eval, one per case)
  {"kind": "result", workload, model, steps, seconds, best_seconds, mean_seconds, runs, steps_per_s,
   cores_used, final_loss, jax_version, threads, ...}
  {"kind": "usage", "cpu_seconds"}                                     (last: CPU time of this process)
Progress goes to stderr. The timed part of a result is at least `iterations` runs of `steps` steps each,
every run from the same fresh state (same initial weights, zero AdamW moments, same PRNG key), more until
`min_seconds` are measured, after `warmup_steps` untimed steps; `seconds` is the median run.

--eval CASES.json, a list of {"model", "n", "m", "instances", "params": {name: flat [I, ...]},
"x": flat [I, B, n], "importance": [n]} (bench/model-check.ts), prints for each case, before any job,
{"kind": "eval", "model", "loss": [I], "gradients": {name: flat}}: each instance's loss (mean over batch
and features) and its gradients, in float64, by the same loss_fn the training runs; the bench holds them
to the float64 reference of core/models/ before it trusts this script's timings of that model.
"""

import argparse
import json
import math
import os
import sys
import time

from reference_jobs import HIDDEN_RELU, MODELS, SIGNED_ABS, WEIGHTS, emit, instance_densities, logger, model_kind, timing_summary

ONE_THREAD_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

LR, BETA1, BETA2, EPS, WEIGHT_DECAY = 1e-3, 0.9, 0.999, 1e-8, 0.01


log = logger("jax")


def limit_threads(threads):
    """Before importing jax: one thread means the XLA flags and a one-CPU affinity mask (see the docstring)."""
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    if threads != 1:
        return None
    flags = os.environ.get("XLA_FLAGS", "")
    if ONE_THREAD_FLAGS not in flags:
        os.environ["XLA_FLAGS"] = f"{flags} {ONE_THREAD_FLAGS}".strip()
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return [cpu]
    return None




def forward(jax, jnp, kind, params, x):
    """The model's output for a batch x [I, B, n] (params: name -> [I, n, m] or [I, n]). jax.nn.relu, not
    jnp.maximum: its derivative at 0 is 0, as in core/models/ and torch (jnp.maximum's is 1/2 there)."""
    names = WEIGHTS[kind]
    enc, dec = params[names[0]], params[names[-1]]  # tied: the same W
    h = jnp.einsum("ibn,inm->ibm", x, enc)
    if HIDDEN_RELU[kind]:
        h = jax.nn.relu(h)
    pre = jnp.einsum("ibm,inm->ibn", h, dec) + params["b"][:, None, :]
    return jax.nn.relu(pre)


def loss_fn(jax, jnp, kind, params, x, importance):
    """Σ over instances of the mean over batch and features of I_f (t_f − y_f)², t = x or |x|; and the per-instance losses."""
    target = jnp.abs(x) if SIGNED_ABS[kind] else x
    per_instance = (importance * (target - forward(jax, jnp, kind, params, x)) ** 2).mean(axis=(1, 2))
    return per_instance.sum(), per_instance


def make_train(jax, jnp, job):
    """The jit-compiled run: (params, m, v, t, key, steps) -> (params, m, v, t, key, last loss)."""
    kind = model_kind(job)
    I, n, B = job["instances"], job["n"], job["batch"]
    p = jnp.asarray(instance_densities(job), dtype=jnp.float32)[:, None, None]  # [I, 1, 1]
    decay = float(job.get("importance_decay", 0.9))
    importance = jnp.asarray([decay**f for f in range(n)], dtype=jnp.float32)  # [n]
    signed = SIGNED_ABS[kind]

    def draw(key):
        k_value, k_keep = jax.random.split(key)
        value = jax.random.uniform(k_value, (I, B, n), dtype=jnp.float32)
        if signed:
            value = value * 2 - 1  # U[-1, 1) when active (data/signed.ts)
        keep = jax.random.uniform(k_keep, (I, B, n), dtype=jnp.float32) <= p
        return jnp.where(keep, value, jnp.float32(0))

    grad = jax.value_and_grad(lambda params, x: loss_fn(jax, jnp, kind, params, x, importance)[0])

    def step(_, carry):
        params, m, v, t, key, _loss = carry
        key, sub = jax.random.split(key)
        loss, g = grad(params, draw(sub))
        # torch.optim.AdamW: decoupled decay, then Adam with bias corrections
        t = t + 1
        bc1 = 1 - BETA1**t
        bc2 = 1 - BETA2**t
        m = jax.tree_util.tree_map(lambda m_, g_: BETA1 * m_ + (1 - BETA1) * g_, m, g)
        v = jax.tree_util.tree_map(lambda v_, g_: BETA2 * v_ + (1 - BETA2) * g_ * g_, v, g)
        params = jax.tree_util.tree_map(
            lambda w, m_, v_: w * (1 - LR * WEIGHT_DECAY) - (LR / bc1) * m_ / (jnp.sqrt(v_) / jnp.sqrt(bc2) + EPS),
            params,
            m,
            v,
        )
        return params, m, v, t, key, loss

    @jax.jit
    def train(params, m, v, t, key, steps):
        return jax.lax.fori_loop(0, steps, step, (params, m, v, t, key, jnp.float32(0)))

    return train


def initial_state(jax, jnp, job, seed):
    """Same initial weights, zero moments, t = 0 and the same data key for every run of a job."""
    kind = model_kind(job)
    I, n, m = job["instances"], job["n"], job["m"]
    std = math.sqrt(2.0 / (m * (n + I)))
    key = jax.random.PRNGKey(seed)
    key, *init_keys = jax.random.split(key, len(WEIGHTS[kind]) + 1)
    params = {name: std * jax.random.normal(k, (I, n, m), dtype=jnp.float32) for name, k in zip(WEIGHTS[kind], init_keys)}
    params["b"] = jnp.zeros((I, n), dtype=jnp.float32)
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    state = (params, zeros, zeros, jnp.float32(0), key)
    return jax.block_until_ready(state)


def run_job(jax, jnp, job, seed):
    train = make_train(jax, jnp, job)
    state = initial_state(jax, jnp, job, seed)
    # compile (any step count: it is an argument), then the untimed warm-up steps
    jax.block_until_ready(train(*state, 0))
    out = jax.block_until_ready(train(*state, int(job.get("warmup_steps", 0))))
    for leaf in jax.tree_util.tree_leaves(out[0]) + [out[5]]:
        if leaf.dtype != jnp.float32:
            raise TypeError(f"training state is {leaf.dtype}, not float32")
    times = []
    cpu = 0.0
    loss = float("nan")
    min_seconds = float(job.get("min_seconds", 0.0))
    steps = int(job["steps"])
    while len(times) < max(1, job.get("iterations", 1)) or sum(times) < min_seconds:
        c0 = time.process_time()
        t0 = time.perf_counter()
        out = jax.block_until_ready(train(*state, steps))
        times.append(time.perf_counter() - t0)
        cpu += time.process_time() - c0
        loss = float(out[5])
    return timing_summary(job, times, cpu, loss)


def check(jax, jnp):
    """Float32 loss and gradients of one batch against float64 on the same weights and data, every model
    (data drawn and compared with numpy, gradients jit-compiled: op-by-op JAX here takes a minute)."""
    import numpy as np

    worst = 0.0
    for kind in MODELS:
        f = jax.jit(jax.value_and_grad(lambda ps, xs, imp: loss_fn(jax, jnp, kind, ps, xs, imp)[0]))
        for (n, m, I) in ((5, 2, 10), (20, 5, 7), (100, 20, 20)):
            rng = np.random.default_rng(1)
            params = {name: 0.2 * rng.standard_normal((I, n, m)) for name in WEIGHTS[kind]}
            params["b"] = 0.1 * rng.standard_normal((I, n))
            x = rng.random((I, 256, n)) * (rng.random((I, 256, n)) < 0.3)
            if SIGNED_ABS[kind]:
                x = np.where(x > 0, 2 * x - 1, x)
            importance = np.array([0.9**f for f in range(n)])
            results = {}
            for dtype in (np.float32, np.float64):
                cast = {name: jnp.asarray(v, dtype=dtype) for name, v in params.items()}
                loss, g = f(cast, jnp.asarray(x, dtype=dtype), jnp.asarray(importance, dtype=dtype))
                results[dtype] = [np.asarray(loss, dtype=np.float64)] + [np.asarray(g[k], dtype=np.float64) for k in sorted(g)]
            for a, r in zip(results[np.float32], results[np.float64]):
                scale = float(np.abs(r).max()) or 1.0
                worst = max(worst, float(np.abs(a - r).max()) / scale)
    return worst


def evaluate(jax, jnp, case):
    """--eval: one case's per-instance loss and gradients (of the summed loss) in float64."""
    kind = case["model"]
    if kind not in MODELS:
        raise ValueError(f"unknown model '{kind}' (allowed: {', '.join(MODELS)})")
    I, n, m = case["instances"], case["n"], case["m"]
    params = {}
    for name in WEIGHTS[kind]:
        params[name] = jnp.asarray(case["params"][name], dtype=jnp.float64).reshape(I, n, m)
    params["b"] = jnp.asarray(case["params"]["b"], dtype=jnp.float64).reshape(I, n)
    x = jnp.asarray(case["x"], dtype=jnp.float64).reshape(I, -1, n)
    importance = jnp.asarray(case["importance"], dtype=jnp.float64)
    (_, per_instance), g = jax.value_and_grad(lambda ps: loss_fn(jax, jnp, kind, ps, x, importance), has_aux=True)(params)
    return {
        "kind": "eval",
        "model": kind,
        "loss": [float(v) for v in per_instance],
        "gradients": {name: [float(v) for v in g[name].reshape(-1)] for name in g},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", help="JSON file with the list of workloads to train")
    ap.add_argument("--threads", type=int, default=1, help="1 (the reference's setting) or 0 for XLA's default")
    ap.add_argument("--check", action="store_true", help="check float32 gradients against float64 first")
    ap.add_argument("--eval", help="JSON file with a list of batches: print each one's loss and gradients in float64")
    ap.add_argument("--seed", type=int, default=20221014)
    args = ap.parse_args()

    affinity = limit_threads(args.threads)
    try:
        import jax
        import jax.numpy as jnp
        import jaxlib
    except ImportError as e:
        emit({"kind": "error", "error": f"import jax failed: {e}"})
        return 2
    # float64 for the check and --eval only; training arrays are float32 by explicit dtype (checked per job)
    jax.config.update("jax_enable_x64", True)

    env = {
        "kind": "env",
        "jax_version": jax.__version__,
        "jaxlib_version": getattr(jaxlib, "__version__", "?"),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "variant": "jit + lax.fori_loop",
        "threads": args.threads,
        "xla_flags": os.environ.get("XLA_FLAGS"),
        "affinity": affinity,
        "prng": str(jax.config.jax_default_prng_impl),
        "devices": [str(d) for d in jax.devices()],
    }
    emit(env)

    if args.eval:
        with open(args.eval) as f:
            for case in json.load(f):
                emit(evaluate(jax, jnp, case))

    if args.check:
        err = check(jax, jnp)
        ok = err < 1e-4
        log(f"float32 vs float64 gradients: max relative error {err:.2e} ({'ok' if ok else 'WRONG'})")
        emit({"kind": "check", "ok": ok, "max_rel_err": err})
        if not ok:
            return 3

    jobs = []
    if args.jobs:
        with open(args.jobs) as f:
            jobs = json.load(f)
    for job in jobs:
        log(f"{job['workload']} ({model_kind(job)}) density {job['density']}: {job.get('iterations', 1)} × {job['steps']} steps")
        r = run_job(jax, jnp, job, args.seed)
        r.update({
            "kind": "result",
            "workload": job["workload"],
            "model": model_kind(job),
            "density": job["density"],
            "steps": job["steps"],
            "jax_version": env["jax_version"],
            "threads": args.threads,
            "variant": env["variant"],
        })
        emit(r)
    # CPU time of this whole process (all threads), so the bench can tell other processes' load from ours
    emit({"kind": "usage", "cpu_seconds": time.process_time()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
