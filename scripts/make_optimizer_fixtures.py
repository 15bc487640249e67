#!/usr/bin/env python3
"""Adam's state after 3 steps in PyTorch, for rnnscope's optimizer-state parity test.

Run from anywhere (needs only torch + safetensors):

    python3 scripts/make_optimizer_fixtures.py

For each cell (rnn, gru, lstm), on the notes' task (the seed text, window 10, loss on the last
step, full batch), with H=8 to keep the files small: torch.manual_seed(0), the model, then 3
full-batch epochs of optim.Adam(lr=0.01) in the notes' order (forward, loss, zero_grad,
backward, step).  Writes to Tests/RNNCoreTests/Fixtures/:

  adam3_<cell>.safetensors   the INITIAL weights (metadata vocab and cell), as torch_seed.save
  adam3_<cell>.json          {"cell", "hidden", "steps": 3, "lr", "betas", "eps",
                              "state": {parameter name: {"step", "exp_avg", "exp_avg_sq"}},
                              "weights": {parameter name: weights after the 3 steps},
                              "gradients": [{parameter name: the gradient Adam was given}, per step]}
                             from optimizer.state_dict() (its integer parameter ids mapped back
                             to state-dict names in model.parameters() order).  Floats are the
                             exact float32 values, in float32's shortest round-trip form.

The gradients let the Swift test feed PyTorch's own gradients to rnnscope's Adam, so the state is
compared to 1e-6 without the float rounding of two backward passes; a second test trains with
rnnscope's gradients and compares more loosely.
"""

import json
import os
import sys

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_seed as ts  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RNNCoreTests", "Fixtures")
HIDDEN = 8
STEPS = 3
LR = 0.01


def floats(tensor):
    """The values as the Python floats whose repr is float32's shortest round-trip form ("0.01",
    not "0.009999999776"): half the size of doubles, and the same float32 when read back."""
    return [float(str(x)) for x in tensor.detach().reshape(-1).numpy()]


def make(cell):
    torch.set_num_threads(1)
    vocab = ts.build_vocab(ts.SEED_TEXT)
    torch.manual_seed(0)
    model = ts.Model(len(vocab), HIDDEN, "tanh", cell)
    weights = f"adam3_{cell}.safetensors"
    ts.save(model, os.path.join(OUT, weights), vocab, cell)
    inputs, targets = ts.windows(ts.SEED_TEXT, 10, "last", vocab)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    names = [name for name, _ in model.named_parameters()]
    gradients = []
    for _ in range(STEPS):
        loss = ts.loss_fn(model(inputs), targets, "last")
        opt.zero_grad()
        loss.backward()
        gradients.append({name: floats(p.grad) for name, p in model.named_parameters()})
        opt.step()
    saved = opt.state_dict()
    group = saved["param_groups"][0]
    state = {}
    for index, name in zip(group["params"], names):
        entry = saved["state"][index]
        state[name] = {"step": int(entry["step"]), "exp_avg": floats(entry["exp_avg"]),
                       "exp_avg_sq": floats(entry["exp_avg_sq"])}
    record = {"cell": cell, "hidden": HIDDEN, "steps": STEPS, "lr": group["lr"], "betas": list(group["betas"]),
              "eps": group["eps"], "weights_file": weights, "state": state,
              "weights": {name: floats(p) for name, p in model.named_parameters()},
              "gradients": gradients}
    name = f"adam3_{cell}.json"
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(record, f)
        f.write("\n")
    print(f"wrote {weights}, {name}")


if __name__ == "__main__":
    for cell in ("rnn", "gru", "lstm"):
        make(cell)
