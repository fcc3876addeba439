# PyTorch's eager CPU loop on the networks of bench/pytorch.ts, as a PyTorch user writes it:
# SGD, MSE (or cross-entropy for a classifier) plus L1 on the kernels, one optimizer step per batch. Run by bench/pytorch.ts with
# Debian's python3-torch (a benchmark-only dependency: no test or CI needs it).
#   python3 bench/pytorch.py THREADS SECONDS < cases.json   ->   one JSON line per case
import json
import sys
import time

import torch

threads, seconds = int(sys.argv[1]), float(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(1)

for case in json.load(sys.stdin):
    sizes = case["sizes"]  # [inputs, hidden..., outputs]
    layers = []
    for i in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(linear.weight)  # Glorot uniform, as RegX's bench networks
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    kernels = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    rows, batch, l1 = case["rows"], case["batch"], case["l1"]
    x = torch.rand(rows, sizes[0]) * 2 - 1
    classes = case.get("classes")
    if classes:  # a softmax classifier: labels from a random linear map, cross-entropy on the logits
        y = (x @ (torch.rand(sizes[0], classes) * 2 - 1)).argmax(dim=1)
        data_loss = torch.nn.functional.cross_entropy
    else:
        y = 2 * x[:, :1] + 1 + 0.1 * torch.randn(rows, 1)
        data_loss = torch.nn.functional.mse_loss
    optimizer = torch.optim.SGD(model.parameters(), lr=case["learningRate"])

    def epoch():
        order = torch.randperm(rows)
        for start in range(0, rows, batch):
            index = order[start : start + batch]
            optimizer.zero_grad()
            loss = data_loss(model(x[index]), y[index])
            loss = loss + l1 * sum(w.abs().sum() for w in kernels)
            loss.backward()
            optimizer.step()

    steps = (rows + batch - 1) // batch
    epoch()  # warm-up
    best = float("inf")
    until = time.perf_counter() + seconds
    calls = 0
    while calls < 3 or time.perf_counter() < until:
        started = time.perf_counter()
        epoch()
        best = min(best, time.perf_counter() - started)
        calls += 1
    print(json.dumps({"name": case["name"], "stepsPerSecond": steps / best}), flush=True)
