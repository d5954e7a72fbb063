#!/usr/bin/env python3
"""The peer: the same four training steps in PyTorch eager, timed in the same sitting as BenchSuite's
BenchmarkDotNet TrainingStep benchmarks, and the ratio of the two. Not part of `dotnet test`.

    python3 src/BenchSuite.Benchmarks/peer/pytorch_peer.py                  # PyTorch, then BDN, then PyTorch again
    python3 src/BenchSuite.Benchmarks/peer/pytorch_peer.py --bdn-json FILE  # ratio against an existing BDN full JSON
    python3 src/BenchSuite.Benchmarks/peer/pytorch_peer.py --pytorch-only

Needs Debian's python3-torch with OpenBLAS behind it: `apt-get install python3-torch libopenblas0-openmp`. Without
an OpenBLAS package Debian's torch falls back to the reference BLAS (we measured 2.4 GFLOP/s for a 1024^3 sgemm,
against 124 with libopenblas0-openmp) and every dense layer becomes the bottleneck. Nothing else may run on the
machine meanwhile: two torch processes on two cores slow each other several-fold.

What the peer runs is what a PyTorch user would write for the post's models: the same layers and shapes
(Conv2d 3x3 'same', BatchNorm2d/1d with Keras' momentum 0.99 and eps 1e-3, MaxPool2d, Dropout, Linear), glorot
init, batch 32 of uniform [0,1) images, cross-entropy on the logits, the L2 term l2*sum(w^2) added to the loss and
differentiated by autograd, torch.optim.Adam(lr 1e-3, betas 0.9/0.999, eps 1e-8). It is a speed reference, not a
numerical one: BenchSuite's step is Keras' (its own Adam, L2 gradient added directly, Keras BatchNorm statistics).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CONFIGS = [("shallow", False), ("shallow", True), ("deep", False), ("deep", True)]


def conv(cin, cout):
    c = nn.Conv2d(cin, cout, 3, padding=1)
    nn.init.xavier_uniform_(c.weight)
    nn.init.zeros_(c.bias)
    return c


def dense(fin, fout):
    d = nn.Linear(fin, fout)
    nn.init.xavier_uniform_(d.weight)
    nn.init.zeros_(d.bias)
    return d


def bn2(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


def shallow():
    layers = [conv(3, 32), nn.ReLU(), bn2(32), nn.MaxPool2d(2), nn.Flatten(),
              dense(32 * 16 * 16, 512), nn.ReLU(), nn.BatchNorm1d(512, eps=1e-3, momentum=0.01),
              nn.Dropout(0.5), dense(512, 10)]
    return nn.Sequential(*layers), [layers[0], layers[5]]


def deep():
    layers, kernels, cin = [], [], 3
    for filters in (32, 64, 128):
        a, b = conv(cin, filters), conv(filters, filters)
        layers += [a, nn.ReLU(), bn2(filters), b, nn.ReLU(), bn2(filters), nn.MaxPool2d(2), nn.Dropout(0.25)]
        kernels += [a, b]
        cin = filters
    full = dense(128 * 4 * 4, 512)
    layers += [nn.Flatten(), full, nn.ReLU(), nn.BatchNorm1d(512, eps=1e-3, momentum=0.01), nn.Dropout(0.5),
               dense(512, 10)]
    return nn.Sequential(*layers), kernels + [full]


def time_steps(architecture, l2, warmup, repeats, steps_per_repeat):
    torch.manual_seed(42)
    model, kernels = shallow() if architecture == "shallow" else deep()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    images = torch.rand(32, 3, 32, 32)
    labels = torch.randint(0, 10, (32,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(images), labels)
        if l2:
            loss = loss + sum(0.01 * k.weight.square().sum() for k in kernels)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    per_step = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps_per_repeat):
            step()
        per_step.append((time.perf_counter() - start) / steps_per_repeat * 1000)
    return per_step


def run_pytorch(args):
    results = {}
    for architecture, l2 in CONFIGS:
        ms = time_steps(architecture, l2, args.warmup, args.repeats, args.steps)
        results[(architecture, l2)] = ms
        print(f"  pytorch {architecture:7} l2={str(l2):5}  median {statistics.median(ms):7.2f} ms"
              f"  (min {min(ms):.2f}, max {max(ms):.2f}, {len(ms)} repeats of {args.steps} steps)", flush=True)
    return results


def run_bdn(args):
    artifacts = os.path.join(REPO, "BenchmarkDotNet.Artifacts", "peer")
    command = ["dotnet", "run", "-c", "Release", "--project", os.path.join(REPO, "src", "BenchSuite.Benchmarks"), "--",
               "--filter", "*TrainingStepBenchmarks*", "--job", args.job, "--artifacts", artifacts]
    print("  " + " ".join(command), flush=True)
    subprocess.run(command, check=True, env=dict(os.environ, BENCHSUITE_THREADS=str(args.threads)))
    reports = os.path.join(artifacts, "results")
    names = [n for n in os.listdir(reports) if n.endswith("-report-full.json") and "TrainingStep" in n]
    if not names:
        sys.exit(f"no BenchmarkDotNet full JSON report under {reports}")
    return os.path.join(reports, names[0])


def read_bdn(path):
    """Median step time in ms per (architecture, l2) from BenchmarkDotNet's full JSON export."""
    with open(path) as f:
        report = json.load(f)
    results = {}
    for b in report["Benchmarks"]:
        p = {kv.split("=")[0]: kv.split("=")[1] for kv in b["Parameters"].split("&")}
        if p.get("Device", "cpu") != "cpu":
            continue
        results[(p["Architecture"], p["L2"] == "True")] = b["Statistics"]["Median"] / 1e6
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2, help="torch threads on both sides (default 2)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--steps", type=int, default=10, help="steps per timed repeat")
    parser.add_argument("--job", default="short", help="BenchmarkDotNet job (short, medium, default)")
    parser.add_argument("--bdn-json", help="use this BDN full JSON instead of running BenchmarkDotNet")
    parser.add_argument("--pytorch-only", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # as BenchSuite does (TensorFlow's CPU kernels run so too)
    # libgomp's wait policy changes what small ops cost several-fold (a thread woken from sleep for every parallel
    # region): both sides inherit it from this environment, and the table is only comparable with its setting.
    policy = os.environ.get("OMP_WAIT_POLICY", "unset (libgomp's default: spin, then sleep)")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, OMP_WAIT_POLICY {policy}")
    before = run_pytorch(args)
    if args.pytorch_only:
        return
    bdn_path = args.bdn_json or run_bdn(args)
    after = before if args.bdn_json else run_pytorch(args)
    bdn = read_bdn(bdn_path)

    print(f"\nBenchSuite (BenchmarkDotNet median, {os.path.basename(bdn_path)}) against PyTorch eager (median of both sittings)\n")
    print("| configuration | PyTorch eager, ms | BenchSuite BDN, ms | BenchSuite / PyTorch |")
    print("|---|---:|---:|---:|")
    for architecture, l2 in CONFIGS:
        peer = statistics.median(before[(architecture, l2)] + after[(architecture, l2)])
        ours = bdn.get((architecture, l2))
        ratio = f"{ours / peer:.2f}x" if ours else "?"
        ours_text = f"{ours:.1f}" if ours else "?"
        print(f"| {architecture}, {'L2' if l2 else 'no L2'} | {peer:.1f} | {ours_text} | {ratio} |")


if __name__ == "__main__":
    main()
