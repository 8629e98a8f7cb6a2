#!/usr/bin/python3
"""Makes the ONNX fixtures of edgesweep's import tests: four small Fashion-MNIST classifiers,
trained briefly in PyTorch on the shipped mini data and written with torch.onnx.export.

How the committed files were made (Debian's python3-torch 1.13.1, CPU, one thread):

    bin/edgesweep datasets export-npy --data datasets/fashion-mnist-mini --out /tmp/mini-npy
    /usr/bin/python3 transforms/src/test/resources/onnx/make_fixtures.py --npy /tmp/mini-npy \
        --out transforms/src/test/resources/onnx

Each model takes float32 images [batch, 1, 28, 28] with values in [0, 1] (pixel / 255, no other
normalisation: what edgesweep feeds) and returns 10 class scores (logits). Every model has batch
normalisation; the models are exported after model.eval() with training=TrainingMode.PRESERVE, so
that BatchNormalization nodes stay in the file (the default EVAL mode would fold them into the
convolutions itself) and the importer's folding is what the tests check. The batch axis is
dynamic. Seeded: the same torch build gives the same files.

- mlp.onnx       (opset 13) Flatten, Linear 784-128, BatchNorm1d, ReLU, Linear 128-64, ReLU, Linear 64-10
- lenet5.onnx    (opset 17) LeNet-5 with BatchNorm2d after each convolution, flattened with
                 x.view(x.size(0), -1), which traces to a Shape/Gather/Concat/Reshape subgraph
- resnet8.onnx   (opset 15) ResNet-8 as in MLPerf Tiny's image classification model: a 3x3
                 16-channel stem, three residual stacks of 16, 32 (stride 2) and 64 (stride 2)
                 channels with 1x1 projection shortcuts where the shape changes, global average
                 pooling and a dense layer; sized for 28x28x1 (28 -> 14 -> 7)
- dscnn.onnx     (opset 14) a MobileNet-style depthwise-separable CNN: a 3x3 stride-2 stem, two
                 depthwise 3x3 + pointwise 1x1 blocks with ReLU6 (exported as Clip(0, 6)), a 7x7
                 average pool and a dense layer
"""
import argparse
import os

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

SEED = 1
EPOCHS = 3
BATCH = 64


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 128)
        self.bn1 = nn.BatchNorm1d(128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.fc1(self.flatten(x))))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class ResidualBlock(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = None
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride=stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet8(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.stack1 = ResidualBlock(16, 16, 1)
        self.stack2 = ResidualBlock(16, 32, 2)
        self.stack3 = ResidualBlock(32, 64, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.bn(self.stem(x)))
        x = self.stack3(self.stack2(self.stack1(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


def separable(inputs, outputs, stride):
    return nn.Sequential(
        nn.Conv2d(inputs, inputs, 3, stride=stride, padding=1, groups=inputs, bias=False),
        nn.BatchNorm2d(inputs), nn.ReLU6(),
        nn.Conv2d(inputs, outputs, 1, bias=False),
        nn.BatchNorm2d(outputs), nn.ReLU6())


class DsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        self.block1 = separable(16, 32, 1)
        self.block2 = separable(32, 64, 2)
        self.pool = nn.AvgPool2d(7)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool(self.block2(self.block1(self.stem(x))))
        return self.fc(torch.flatten(x, 1))


MODELS = [("mlp", Mlp, 13), ("lenet5", LeNet5, 17), ("resnet8", ResNet8, 15), ("dscnn", DsCnn, 14)]


def load(npy, split):
    images = np.load(os.path.join(npy, split + "-images.npy")).astype(np.float32) / 255.0
    labels = np.load(os.path.join(npy, split + "-labels.npy"))
    return torch.from_numpy(images), torch.from_numpy(labels)


def train(model, images, labels):
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(labels), generator=generator)
        for start in range(0, len(labels), BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad()
            F.cross_entropy(model(images[batch]), labels[batch]).backward()
            optimizer.step()
    model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--npy", required=True, help="folder written by `edgesweep datasets export-npy`")
    parser.add_argument("--out", required=True, help="folder for the .onnx files")
    args = parser.parse_args()
    torch.set_num_threads(1)
    train_images, train_labels = load(args.npy, "train")
    validation_images, validation_labels = load(args.npy, "validation")
    for name, make, opset in MODELS:
        torch.manual_seed(SEED)
        model = make()
        train(model, train_images, train_labels)
        with torch.no_grad():
            accuracy = (model(validation_images).argmax(1) == validation_labels).float().mean().item()
        path = os.path.join(args.out, name + ".onnx")
        torch.onnx.export(
            model, validation_images[:2], path, opset_version=opset, input_names=["images"], output_names=["logits"],
            dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}},
            training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
        parameters = sum(p.numel() for p in model.parameters())
        print(f"{name:8s} opset {opset}  {parameters:7d} parameters  validation accuracy {accuracy:.4f}  "
              f"{os.path.getsize(path):7d} bytes  {path}")


if __name__ == "__main__":
    main()
