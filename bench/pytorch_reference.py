"""The sequential PyTorch reference for sweeps/fashion-mlp-bench.yaml, timed on the same machine.

It does what the edgesweep sweep does, stage for stage, in one Python process, written as tightly
as a competent PyTorch user would: the splits are tensors once (no DataLoader, batches are index
selections of the train tensor), gradients are set to None rather than zeroed, evaluation and the
teacher's logits run under torch.inference_mode(). The grid: the teacher's logits on train once;
students mlp:784-100-10 at T in {none, 2, 4} (alpha 0.7, 5 epochs, batch 128, Adam 1e-3 with the
same cosine decay edgesweep uses); global magnitude pruning of each student at
{0.5, 0.8, 0.9, 0.95} with 1 epoch of masked fine-tune (KD loss where distilled); per-channel
symmetric weight quantization at {32, 8, 6, 4}; validation accuracy on the validation split.
Stages are shared as in edgesweep (3 distillations, 12 prunes, 48 evaluations).

The grid runs once per thread count given (default: 1 and 2, PyTorch's intra-op threads) and
the faster run is the reference, as a user would pick the faster setting on their machine. Per
stage it prints seconds and GFLOP/s, counting a training step as three forward passes
(multiply-adds ×2), the rule of thumb issue 15's figures use (7.75e11 FLOP for the grid);
bench/TrainingLoopBenchmark prints this count beside the exact one. The last line is
machine-readable: `reference_seconds=... threads=... flop=...`.

Usage (Debian: apt-get install python3-torch):
    bin/edgesweep datasets export-npy --data datasets/fashion-mnist --out /tmp/fmnist-npy
    /usr/bin/python3 bench/pytorch_reference.py --npy /tmp/fmnist-npy --teacher models/fashion-mlp-teacher
"""
import argparse
import json
import math
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 128
STUDENT = [784, 100, 10]
TEACHER = [784, 300, 100, 10]


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n, = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype="<f4").reshape(spec["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


class Mlp(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.relu(layer(x))
        return self.layers[-1](x)


def forward_flop(dims):
    return sum(2 * a * b for a, b in zip(dims[:-1], dims[1:]))


def train_flop(dims):
    """Per example, by the rule of thumb: a training step costs three forward passes."""
    return 3 * forward_flop(dims)


def kd_loss(student, teacher_soft, teacher_log_soft, labels, temperature, alpha):
    ce = F.cross_entropy(student, labels)
    if temperature is None:
        return ce
    t = temperature
    kl = (teacher_soft * (teacher_log_soft - F.log_softmax(student / t, 1))).sum() / len(labels)
    return (1 - alpha) * ce + alpha * t * t * kl


def train(model, x, y, teacher_logits, temperature, alpha, epochs, lr, seed, masks=None):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * math.ceil(len(y) / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    generator = torch.Generator().manual_seed(seed)
    soft = log_soft = None
    if temperature is not None:
        # The teacher's softened distribution is a constant of the run: computed once, not per batch.
        log_soft = F.log_softmax(teacher_logits / temperature, 1)
        soft = log_soft.exp()
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), BATCH):
            idx = order[start:start + BATCH]
            out = model(x[idx])
            loss = kd_loss(out, soft[idx] if soft is not None else None,
                           log_soft[idx] if log_soft is not None else None, y[idx], temperature, alpha)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            if masks is not None:
                with torch.no_grad():
                    for p, m in masks:
                        p.mul_(m)


def prune_global(model, ratio):
    weights = [l.weight for l in model.layers]
    magnitudes = torch.cat([w.detach().abs().flatten() for w in weights])
    k = int(round(ratio * magnitudes.numel()))
    threshold = torch.kthvalue(magnitudes, k).values if k > 0 else -1
    masks = []
    with torch.no_grad():
        for w in weights:
            m = (w.abs() > threshold).float()
            w.mul_(m)
            masks.append((w, m))
    return masks


def quantize_per_channel(model, bits):
    if bits == 32:
        return model
    q = Mlp(STUDENT)
    q.load_state_dict(model.state_dict())
    levels = 2 ** (bits - 1) - 1
    with torch.no_grad():
        for l in q.layers:
            scale = l.weight.abs().amax(1, keepdim=True) / levels
            scale[scale == 0] = 1
            l.weight.copy_(torch.round(l.weight / scale).clamp(-levels, levels) * scale)
    return q


def accuracy(model, x, y):
    with torch.inference_mode():
        return (model(x).argmax(1) == y).float().mean().item()


def sweep(x, y, xv, yv, teacher):
    timings = {"logits": [], "distill": [], "prune": [], "quantize+evaluate": []}
    start = time.perf_counter()
    t0 = time.perf_counter()
    with torch.inference_mode():
        teacher_logits = teacher(x)
    teacher_logits = teacher_logits.clone()  # an ordinary tensor, usable where autograd runs
    timings["logits"].append(time.perf_counter() - t0)
    results = []
    for temperature in (None, 2.0, 4.0):
        t0 = time.perf_counter()
        torch.manual_seed(7)
        student = Mlp(STUDENT)
        train(student, x, y, teacher_logits, temperature, 0.7, 5, 1e-3, 7)
        timings["distill"].append(time.perf_counter() - t0)
        for ratio in (0.5, 0.8, 0.9, 0.95):
            t0 = time.perf_counter()
            pruned = Mlp(STUDENT)
            pruned.load_state_dict(student.state_dict())
            masks = prune_global(pruned, ratio)
            train(pruned, x, y, teacher_logits, temperature, 0.7, 1, 1e-3, 7, masks)
            timings["prune"].append(time.perf_counter() - t0)
            for bits in (32, 8, 6, 4):
                t0 = time.perf_counter()
                acc = accuracy(quantize_per_channel(pruned, bits), xv, yv)
                timings["quantize+evaluate"].append(time.perf_counter() - t0)
                results.append((temperature, ratio, bits, acc))
    return time.perf_counter() - start, timings, results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--npy", required=True)
    parser.add_argument("--teacher", required=True)
    parser.add_argument("--threads", default="1,2", help="intra-op thread counts to run the grid with, comma-separated")
    args = parser.parse_args()
    load = lambda s: (torch.from_numpy(np.load(f"{args.npy}/{s}-images.npy")).float().div_(255).flatten(1),
                      torch.from_numpy(np.load(f"{args.npy}/{s}-labels.npy")).long())
    x, y = load("train")
    xv, yv = load("validation")
    weights = load_safetensors(f"{args.teacher}/parameters.safetensors")
    teacher = Mlp(TEACHER)
    teacher.load_state_dict({f"layers.{i}.{k}": weights[f"fc{i + 1}.{k}"] for i in range(3) for k in ("weight", "bias")})
    flop = {
        "logits": len(y) * forward_flop(TEACHER),
        "distill": 5 * len(y) * train_flop(STUDENT),
        "prune": 1 * len(y) * train_flop(STUDENT),
        "quantize+evaluate": len(yv) * forward_flop(STUDENT),
    }
    runs = []
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        total, timings, results = sweep(x, y, xv, yv, teacher)
        runs.append((total, threads))
        print(f"torch {torch.__version__}, {threads} intra-op thread(s): {total:.1f} s for {len(results)} variants")
        for k, v in timings.items():
            rate = flop[k] * len(v) / sum(v) / 1e9
            print(f"  {k:18s} runs {len(v):3d}  total {sum(v):7.2f} s  mean {sum(v) / len(v):6.3f} s  {rate:6.1f} GFLOP/s")
        best = max(results, key=lambda r: r[3])
        print(f"  best validation accuracy {best[3]:.4f} at T={best[0]} ratio={best[1]} bits={best[2]}")
    total, threads = min(runs)
    all_flop = flop["logits"] + 3 * flop["distill"] + 12 * flop["prune"] + 48 * flop["quantize+evaluate"]
    print(f"reference_seconds={total:.2f} threads={threads} flop={all_flop:.4g}")


if __name__ == "__main__":
    main()
