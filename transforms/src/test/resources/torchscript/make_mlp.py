"""Makes the TorchScript fixture mlp-784-64-10.pt used by edgesweep's tests.

Run with Debian's PyTorch (apt-get install python3-torch dataset-fashion-mnist):
    /usr/bin/python3 make_mlp.py
It trains a small MLP for one epoch on the official Fashion-MNIST train set (seed 0), scripts it
with torch.jit.script, and writes the logits of a fixed probe input to mlp-784-64-10.expected.json
so that a test can check that DJL runs the module exactly as PyTorch does.
"""
import gzip
import json
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

SOURCE = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def probe():
    """A fixed input [2, 1, 28, 28] the Java test rebuilds: value (i mod 256) / 255 at flat index i."""
    return (torch.arange(2 * 784) % 256).float().div(255).reshape(2, 1, 28, 28)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    images = read_idx(f"{SOURCE}/train-images-idx3-ubyte.gz").float().div(255).unsqueeze(1)
    labels = read_idx(f"{SOURCE}/train-labels-idx1-ubyte.gz").long()
    model = Mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(labels))
    for start in range(0, len(labels), 128):
        idx = order[start:start + 128]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images[idx]), labels[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    scripted = torch.jit.script(model)
    scripted.save("mlp-784-64-10.pt")
    with torch.no_grad():
        logits = scripted(probe())
    with open("mlp-784-64-10.expected.json", "w") as f:
        json.dump({"probe": "value (i mod 256) / 255 at flat index i of a [2,1,28,28] input",
                   "torch": torch.__version__,
                   "logits": logits.tolist()}, f, indent=1)


if __name__ == "__main__":
    main()
