"""Writes compress-mlp-784-32-10.pt, the TorchScript fixture of the compression tests.

An untrained LeNet-style MLP 784-32-10 with ReLU, scripted so that DJL's PyTorch engine can load
it: it takes images [B, 1, 28, 28] and flattens them itself, and its parameters are named
fc1.weight, fc1.bias, fc2.weight, fc2.bias, the names edgesweep's mlp:784-32-10 uses, so a test
can compare it with the built model given the same weights.

Run with Debian's python3-torch (1.13): /usr/bin/python3 make_compress_mlp.py
"""
import sys

import torch
from torch import nn


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc2(torch.relu(self.fc1(x)))


def main(out):
    torch.manual_seed(20260101)
    module = torch.jit.script(Mlp().eval())
    module.save(out)
    check = torch.jit.load(out)
    print(out, [(n, tuple(p.shape)) for n, p in check.named_parameters()])
    print("logits of a zero image:", check(torch.zeros(1, 1, 28, 28)).detach().numpy().round(4).tolist())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "compress-mlp-784-32-10.pt")
