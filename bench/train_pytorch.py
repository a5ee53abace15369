#!/usr/bin/env python3
"""The default `actlab train` protocol in PyTorch, for side-by-side accuracy and speed.

Needs Debian's python3-torch (apt-get install python3-torch; not in install-deps.sh: it is large and
only this comparison uses it) and python3-numpy. Example, two threads, passive OpenMP waiting:

  OMP_WAIT_POLICY=PASSIVE python3 bench/train_pytorch.py --act relu --act elu --seeds 0 --threads 2

Protocol (as docs/training.md): train = first 50,000 training images, validation = last 10,000,
test = t10k; x = pixel/255 standardised with the training split's mean and population std;
784-256-128-10 MLP; init selu: LeCun normal, sigmoid/tanh: Glorot uniform, others He normal,
biases 0; Adam lr 1e-3; batch 128 (last partial batch kept); new permutation every epoch from the
seed; seconds = training loop per epoch. Prints one CSV line per epoch, with the header of actlab's
metrics.csv.
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def find(directory, name):
    for suffix in ("", ".gz"):
        if os.path.exists(os.path.join(directory, name + suffix)):
            return os.path.join(directory, name + suffix)
    raise SystemExit(f"{directory}: no {name}")


def make_activation(spec, width):
    name, _, params = spec.partition(":")
    kv = dict(p.split("=") for p in params.split(",") if p)
    if name in ("sigmoid", "logistic"):
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "relu":
        return nn.ReLU()
    if name == "leaky_relu":
        return nn.LeakyReLU(float(kv.get("alpha", 0.01)))
    if name == "rrelu":
        return nn.RReLU(float(kv.get("lower", 1 / 8)), float(kv.get("upper", 1 / 3)))
    if name == "prelu":
        return nn.PReLU(width, float(kv.get("alpha", 0.25)))
    if name == "elu":
        return nn.ELU(float(kv.get("alpha", 1.0)))
    if name == "selu":
        return nn.SELU()
    if name == "gelu":
        return nn.GELU()
    if name in ("silu", "swish"):
        return nn.SiLU()
    raise SystemExit(f"unsupported activation {spec}")


def build(spec, hidden, dropout):
    name = spec.partition(":")[0]
    layers, width = [], 784
    for units in hidden:
        linear = nn.Linear(width, units)
        layers += [linear, make_activation(spec, units)]
        if dropout > 0:
            layers.append(nn.AlphaDropout(dropout) if name == "selu" else nn.Dropout(dropout))
        width = units
    layers.append(nn.Linear(width, 10))
    for layer in layers:
        if isinstance(layer, nn.Linear):
            if name == "selu":
                nn.init.normal_(layer.weight, 0, (1 / layer.in_features) ** 0.5)
            elif name in ("sigmoid", "logistic", "tanh"):
                nn.init.xavier_uniform_(layer.weight)
            else:
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
                      for i in range(0, len(x), 1000))
    model.train()
    return 100.0 * correct / len(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--act", action="append", required=True)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--hidden", default="256,128")
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    hidden = []
    for item in args.hidden.split(","):
        width, _, count = item.partition("x")
        hidden += [int(width)] * int(count or 1)

    images = read_idx(find(args.data, "train-images-idx3-ubyte")).reshape(-1, 784)
    labels = read_idx(find(args.data, "train-labels-idx1-ubyte")).astype(np.int64)
    test_images = read_idx(find(args.data, "t10k-images-idx3-ubyte")).reshape(-1, 784)
    test_labels = read_idx(find(args.data, "t10k-labels-idx1-ubyte")).astype(np.int64)
    train = images[:50000].astype(np.float64) / 255
    mean, std = train.mean(), train.std()
    prep = lambda a: torch.tensor(((a.astype(np.float64) / 255 - mean) / std).astype(np.float32))
    x_train, y_train = prep(images[:50000]), torch.tensor(labels[:50000])
    x_val, y_val = prep(images[50000:]), torch.tensor(labels[50000:])
    x_test, y_test = prep(test_images), torch.tensor(test_labels)

    print("activation,seed,fold,epoch,train_loss,train_accuracy,val_accuracy,test_accuracy,seconds")
    for spec in args.act:
        for seed in (int(s) for s in args.seeds.split(",")):
            torch.manual_seed(seed)
            model = build(spec, hidden, args.dropout)
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss()
            generator = torch.Generator().manual_seed(seed)
            for epoch in range(1, args.epochs + 1):
                start = time.perf_counter()
                order = torch.randperm(len(x_train), generator=generator)
                total, correct = 0.0, 0
                for i in range(0, len(order), 128):
                    batch = order[i:i + 128]
                    out = model(x_train[batch])
                    loss = loss_fn(out, y_train[batch])
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                    total += loss.item() * len(batch)
                    correct += (out.argmax(1) == y_train[batch]).sum().item()
                seconds = time.perf_counter() - start
                print(f"{spec},{seed},,{epoch},{total / len(order):.6f},"
                      f"{100.0 * correct / len(order):.4f},{accuracy(model, x_val, y_val):.4f},"
                      f"{accuracy(model, x_test, y_test):.4f},{seconds:.4f}", flush=True)


if __name__ == "__main__":
    main()
