#!/usr/bin/env python3
"""An independent implementation of the official notebook's recipe (anthropics/toy-models-of-superposition,
toy_models.ipynb) in PyTorch, for the replication's cross-check.

It shares nothing with the TypeScript pipeline but the configuration: its own random numbers (torch's
generator, seeded per run), its own data, initialisation, model, loss and optimizer (torch.optim.AdamW), and its
own choice among restarts (the lowest loss on a fresh held-out sample). It reads a job from stdin (JSON, written
by crosscheck/run.ts from params.yaml) and writes the selected models' weights to stdout (JSON); progress goes to
stderr. The TypeScript side computes every statistic from these weights with the same functions it applies to
its own models.

Job: {"seeds": [int], "experiments": [{"id", "features", "hidden", "importance": [F], "densities": [D],
      "runs": [{"activation": "relu"|"linear", "restarts": int}], "steps", "batch", "lr", "weight_decay",
      "eval_samples"}]}
"""

import json
import sys
import time

import torch


def log(message):
    print(message, file=sys.stderr, flush=True)


def notebook_run(features, hidden, importance, densities, activation, steps, batch, lr, weight_decay, generator, label):
    """One run of the notebook's optimize(): one instance per density, trained side by side."""
    instances = len(densities)
    # the notebook's parameters: W [instances, features, hidden] with xavier_normal_, b_final zeros
    W = xavier_normal((instances, features, hidden), generator).requires_grad_(True)
    b = torch.zeros(instances, features, requires_grad=True)
    p = torch.tensor(densities, dtype=torch.float32)[:, None]  # [I, 1]
    imp = torch.tensor(importance, dtype=torch.float32)[None, None, :]  # [1, 1, F]
    opt = torch.optim.AdamW([W, b], lr=lr, weight_decay=weight_decay)
    started = time.time()
    for step in range(steps):
        # generate_batch: a feature is kept where an independent U[0, 1) draw is <= its probability
        values = torch.rand(batch, instances, features, generator=generator)
        keep = torch.rand(batch, instances, features, generator=generator) <= p
        x = values * keep
        out = forward(W, b, x, activation)
        loss = (imp * (x - out) ** 2).mean(dim=(0, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % max(1, steps // 4) == 0 or step == steps - 1:
            log(f"  {label}: step {step + 1}/{steps}, loss/instance {loss.item() / instances:.5f}, {time.time() - started:.0f} s")
    return W.detach(), b.detach()


def xavier_normal(shape, generator):
    """What torch.nn.init.xavier_normal_ draws for a tensor [I, F, H] (fan_in = F·H, fan_out = I·H), from an
    explicit generator (the init functions of torch 1.13 take none)."""
    instances, features, hidden = shape
    std = (2.0 / (features * hidden + instances * hidden)) ** 0.5
    return torch.randn(shape, generator=generator) * std


def forward(W, b, x, activation):
    hidden = torch.einsum('bif,ifh->bih', x, W)
    out = torch.einsum('bih,ifh->bif', hidden, W) + b
    return torch.relu(out) if activation == 'relu' else out


def held_out_loss(W, b, importance, densities, activation, samples, generator):
    """Importance-weighted squared error per instance, mean over samples and features, on fresh samples."""
    p = torch.tensor(densities, dtype=torch.float32)[:, None]
    imp = torch.tensor(importance, dtype=torch.float32)[None, None, :]
    with torch.no_grad():
        values = torch.rand(samples, W.shape[0], W.shape[1], generator=generator)
        x = values * (torch.rand(samples, W.shape[0], W.shape[1], generator=generator) <= p)
        return (imp * (x - forward(W, b, x, activation)) ** 2).mean(dim=(0, 2))


def run_experiment(e, seed):
    generator = torch.Generator().manual_seed(seed)
    models = []
    for r, run in enumerate(e['runs']):
        best = {}
        for restart in range(run['restarts']):
            label = f"{e['id']} seed {seed} run {r} ({run['activation']}) restart {restart + 1}/{run['restarts']}"
            W, b = notebook_run(e['features'], e['hidden'], e['importance'], e['densities'], run['activation'], e['steps'], e['batch'],
                                e['lr'], e['weight_decay'], generator, label)
            losses = held_out_loss(W, b, e['importance'], e['densities'], run['activation'], e['eval_samples'], generator)
            for i, density in enumerate(e['densities']):
                loss = losses[i].item()
                if i not in best or loss < best[i]['evalLoss']:
                    best[i] = {'run': r, 'activation': run['activation'], 'density': density, 'restart': restart, 'evalLoss': loss,
                               'W': W[i].tolist(), 'b': b[i].tolist()}
        models.extend(best[i] for i in range(len(e['densities'])))
    return models


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(1)
    out = {'torch': torch.__version__, 'python': sys.version.split()[0], 'experiments': []}
    for e in job['experiments']:
        seeds = []
        for seed in job['seeds']:
            log(f"{e['id']}: seed {seed}")
            seeds.append({'seed': seed, 'models': run_experiment(e, seed)})
        out['experiments'].append({'id': e['id'], 'seeds': seeds})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
