"""What the benchmark's two references (torch_reference.py, jax_reference.py) share: the models a job may
name, how a job's densities and model are read, the JSON-lines protocol to bench/reference.ts, and how a
job's timed runs are summarised. Both scripts import it from their own folder (python puts a script's
folder first on sys.path)."""

import json
import sys

MODELS = ("relu-output", "relu-hidden", "untied-abs")
# per model: its weight matrices [I, n, m] (encoder first), whether the hidden layer is rectified, whether
# inputs are signed and the target |x| (core/models/<kind>.ts: parameters, hiddenActivation, inputs, target)
WEIGHTS = {"relu-output": ("W",), "relu-hidden": ("W",), "untied-abs": ("W1", "W2")}
HIDDEN_RELU = {"relu-output": False, "relu-hidden": True, "untied-abs": True}
SIGNED_ABS = {"relu-output": False, "relu-hidden": False, "untied-abs": True}


def emit(obj):
    """One protocol line on stdout."""
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def logger(prefix):
    """A progress logger writing `[prefix] msg` lines to stderr."""

    def log(msg):
        sys.stderr.write(f"[{prefix}] {msg}\n")
        sys.stderr.flush()

    return log


def model_kind(job):
    kind = job.get("model", "relu-output")
    if kind not in MODELS:
        raise ValueError(f"job {job.get('workload')}: unknown model '{kind}' (allowed: {', '.join(MODELS)})")
    return kind


def instance_densities(job):
    I = job["instances"]
    if "instance_densities" in job:
        return [float(d) for d in job["instance_densities"]]
    if job["density"] == "sched":
        # 20^(−linspace(0, 1, I)), one density per instance (the notebook's intro schedule)
        return [20.0 ** -(i / (I - 1) if I > 1 else 0.0) for i in range(I)]
    return [float(job["density"])] * I


def timing_summary(job, times, cpu, loss):
    """A job's result from the wall times of its timed runs, their total CPU time and the last run's summed loss."""
    ordered = sorted(times)
    k = len(ordered)
    median = ordered[k // 2] if k % 2 == 1 else 0.5 * (ordered[k // 2 - 1] + ordered[k // 2])
    return {
        "seconds": median,
        "best_seconds": ordered[0],
        "mean_seconds": sum(times) / k,
        "runs": k,
        "steps_per_s": job["steps"] / median,
        "cores_used": cpu / sum(times) if sum(times) > 0 else None,
        # mean over instances (the loss sums them), like the TypeScript side's final loss
        "final_loss": loss / job["instances"],
    }
