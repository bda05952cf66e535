"""PyTorch CPU reference for the engine's `versus_pytorch` benchmark.

Trains the same three networks on the same data files as the engine, with the same batch
sizes, optimizers and evaluation cadence, and prints one JSON line per case:
{"case": ..., "steps_per_sec": ..., "final_loss": ...}.

Usage: python pytorch_reference.py DATA_DIR STEPS_A STEPS_B STEPS_C EVAL_EVERY THREADS
(a step count of 0 skips that case)
"""

import gzip
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def load_csv(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    return torch.from_numpy(table[:, :-1].copy()), torch.from_numpy(table[:, -1].copy())


def train(name, model, loss_fn, optimizer, inputs, targets, batch, steps, eval_every, warmup):
    if steps == 0:
        return
    generator = torch.Generator().manual_seed(1)
    samples = inputs.shape[0]
    order = torch.randperm(samples, generator=generator)
    position = 0

    def run(count):
        nonlocal order, position
        model.train()
        for _ in range(count):
            if position + batch > samples:
                order = torch.randperm(samples, generator=generator)
                position = 0
            index = order[position:position + batch]
            position += batch
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(inputs[index]), targets[index])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            evaluated = inputs[:4096]
            return float(loss_fn(model(evaluated), targets[:4096]))

    run(warmup)
    started = time.perf_counter()
    done = 0
    loss = float("nan")
    while done < steps:
        chunk = min(eval_every, steps - done)
        loss = run(chunk)
        done += chunk
    seconds = time.perf_counter() - started
    print(json.dumps({"case": name, "steps_per_sec": steps / seconds, "final_loss": loss}), flush=True)


def main():
    data_dir, steps_a, steps_b, steps_c, eval_every, threads = sys.argv[1:7]
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    eval_every = int(eval_every)

    inputs, targets = load_csv(f"{data_dir}/playground.csv")
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    bce = nn.BCEWithLogitsLoss()
    train("a", model, lambda out, t: bce(out.squeeze(1), t), torch.optim.SGD(model.parameters(), lr=0.03),
          inputs, targets, 10, int(steps_a), eval_every, 200)

    inputs, targets = load_csv(f"{data_dir}/wide.csv")
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    ce = nn.CrossEntropyLoss()
    train("b", model, lambda out, t: ce(out, t.long()), torch.optim.Adam(model.parameters(), lr=0.001),
          inputs, targets, 128, int(steps_b), eval_every, 20)

    with gzip.open(f"{data_dir}/digits.csv.gz", "rt") as file:
        digits = np.loadtxt(file, delimiter=",", dtype=np.float32)
    inputs = torch.from_numpy(digits[:, :64].copy() / 16.0).reshape(-1, 1, 8, 8)
    targets = torch.from_numpy(digits[:, 64].copy())
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 10))
    train("c", model, lambda out, t: ce(out, t.long()), torch.optim.Adam(model.parameters(), lr=0.001),
          inputs, targets, 32, int(steps_c), eval_every, 20)


if __name__ == "__main__":
    main()
