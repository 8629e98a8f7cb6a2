"""The sequential PyTorch reference for sweeps/fashion-mlp-bench.yaml, timed on the same machine.

It does what the edgesweep sweep does, stage for stage, in one Python process: the teacher's
logits on train once; students mlp:784-100-10 at T in {none, 2, 4} (alpha 0.7, 5 epochs, batch
128, Adam 1e-3 with the same cosine decay edgesweep uses); global magnitude pruning of each
student at {0.5, 0.8, 0.9, 0.95} with 1 epoch of masked fine-tune (KD loss where distilled);
per-channel symmetric weight quantization at {32, 8, 6, 4}; validation accuracy on 5,000.
Stages are shared as in edgesweep (3 distillations, 12 prunes, 48 evaluations); the per-variant
figure multiplies each stage's mean time by the 48 variants a per-variant script would run.

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
        x = torch.flatten(x, 1)
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


def kd_loss(student, teacher, labels, temperature, alpha):
    ce = F.cross_entropy(student, labels)
    if temperature is None:
        return ce
    t = temperature
    kl = F.kl_div(F.log_softmax(student / t, 1), F.softmax(teacher / t, 1), reduction="batchmean")
    return (1 - alpha) * ce + alpha * t * t * kl


def train(model, x, y, teacher_logits, temperature, alpha, epochs, lr, seed, masks=None):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * math.ceil(len(y) / 128)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), 128):
            idx = order[start:start + 128]
            optimizer.zero_grad()
            out = model(x[idx])
            loss = kd_loss(out, teacher_logits[idx] if teacher_logits is not None else None, y[idx], temperature, alpha)
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
    q = Mlp([model.layers[0].in_features] + [l.out_features for l in model.layers])
    q.load_state_dict(model.state_dict())
    levels = 2 ** (bits - 1) - 1
    with torch.no_grad():
        for l in q.layers:
            scale = l.weight.abs().amax(1, keepdim=True) / levels
            scale[scale == 0] = 1
            l.weight.copy_(torch.round(l.weight / scale).clamp(-levels, levels) * scale)
    return q


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--npy", required=True)
    parser.add_argument("--teacher", required=True)
    parser.add_argument("--threads", type=int, default=0, help="torch intra-op threads; 0 = PyTorch's default")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    load = lambda s: (torch.from_numpy(np.load(f"{args.npy}/{s}-images.npy")).float().div(255),
                      torch.from_numpy(np.load(f"{args.npy}/{s}-labels.npy")))
    x, y = load("train")
    xv, yv = load("validation")
    weights = load_safetensors(f"{args.teacher}/parameters.safetensors")
    teacher = Mlp([784, 300, 100, 10])
    teacher.load_state_dict({f"layers.{i}.{k}": weights[f"fc{i + 1}.{k}"] for i in range(3) for k in ("weight", "bias")})
    timings = {"logits": [], "distill": [], "prune": [], "quantize+evaluate": []}
    start = time.perf_counter()
    t0 = time.perf_counter()
    with torch.no_grad():
        teacher_logits = teacher(x)
    timings["logits"].append(time.perf_counter() - t0)
    results = []
    for temperature in (None, 2.0, 4.0):
        t0 = time.perf_counter()
        torch.manual_seed(7)
        student = Mlp([784, 100, 10])
        train(student, x, y, teacher_logits if temperature else None, temperature, 0.7, 5, 1e-3, 7)
        timings["distill"].append(time.perf_counter() - t0)
        for ratio in (0.5, 0.8, 0.9, 0.95):
            t0 = time.perf_counter()
            pruned = Mlp([784, 100, 10])
            pruned.load_state_dict(student.state_dict())
            masks = prune_global(pruned, ratio)
            train(pruned, x, y, teacher_logits if temperature else None, temperature, 0.7, 1, 1e-3, 7, masks)
            timings["prune"].append(time.perf_counter() - t0)
            for bits in (32, 8, 6, 4):
                t0 = time.perf_counter()
                acc = accuracy(quantize_per_channel(pruned, bits), xv, yv)
                timings["quantize+evaluate"].append(time.perf_counter() - t0)
                results.append((temperature, ratio, bits, acc))
    total = time.perf_counter() - start
    variants = len(results)
    per_variant = variants * sum(sum(v) / len(v) for k, v in timings.items() if k != "logits") + sum(timings["logits"])
    print(f"torch {torch.__version__}, {torch.get_num_threads()} intra-op threads")
    for k, v in timings.items():
        print(f"{k:18s} runs {len(v):3d}  total {sum(v):7.1f} s  mean {sum(v) / len(v):6.2f} s")
    print(f"shared stages:     {total:7.1f} s for {variants} variants")
    print(f"per variant (est): {per_variant:7.1f} s (each variant distilled, pruned and evaluated on its own)")
    best = max(results, key=lambda r: r[3])
    print(f"best validation accuracy {best[3]:.4f} at T={best[0]} ratio={best[1]} bits={best[2]}")


if __name__ == "__main__":
    main()
