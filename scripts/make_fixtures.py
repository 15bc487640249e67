#!/usr/bin/env python3
"""Write PyTorch reference fixtures for rnnscope's Swift tests.

Run from anywhere (needs only torch + safetensors):

    python3 scripts/make_fixtures.py

Output goes to Tests/RNNCoreTests/Fixtures/ (relative to the repository root):

  trace_<name>.json / .safetensors   one sequence, batch of 1: per-step x, h_prev, a, h, logits,
                                     probs, dL/dh_t, dL/da_t, plus the loss and all 7 parameter
                                     gradients.  The .safetensors holds the (initial) weights.
  trace_seed_h64_tanh_last_novocab.safetensors   same weights as seed_h64_tanh_last, no metadata.
  batch_<name>.json / .safetensors   loss and gradients over the full batch of windows of a text.
  train_<name>.json / .safetensors   per-epoch losses of a training run and the predictions after
                                     it; the .safetensors holds the INITIAL weights.

Everything is float32, seeded with torch.manual_seed(seed) right before the model is built, and
run on one thread so that re-running produces the same numbers.  JSON floats are the exact float32
values (Python's shortest repr of the widened double).  Weights are written by torch_seed.save()
(safetensors, vocab as JSON in the metadata key "vocab").

Trace intermediates come from running the recurrence by hand with the module's own parameters
(a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, h_t = f(a_t), h_0 = 0, logits_t = W_hy h_t + b_y);
the script asserts that these h's equal nn.RNN's outputs and that the hand-made loss's gradients
equal those of the plain module forward.  The "loss_value" and "grads" written are the plain
module's (nn.RNN) values; the per-step data is the hand-run recurrence's.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_seed as ts  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RNNCoreTests", "Fixtures")

SEED_TEXT = ts.SEED_TEXT
ZH_TEXT = ("在每个时间步 t，循环单元接收当前输入 x_t 和上一时间步的隐藏状态 h_{t-1}"
           "（即\u201c历史记忆\u201d），输出当前隐藏状态 h_t。")

ATOL = 1e-6
RTOL = 1e-5

written = []
report = []


def out_path(name):
    return os.path.join(OUT, name)


def print_written():
    """Each fixture file written this run with its size, then the total."""
    total = 0
    for name in written:
        size = os.path.getsize(out_path(name))
        total += size
        print(f"{size:9d}  {os.path.relpath(out_path(name), ROOT)}")
    print(f"{total:9d}  total")


def write_json(name, obj):
    with open(out_path(name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)
        f.write("\n")
    written.append(name)


def save_weights(model, name, vocab):
    ts.save(model, out_path(name), vocab)
    written.append(name)


def make_model(vocab, hidden, activation, seed):
    torch.manual_seed(seed)
    return ts.Model(len(vocab), hidden, activation)


def grads_of(model):
    named = dict(model.named_parameters())
    assert list(named) == ts.PARAM_NAMES, list(named)
    return {k: named[k].grad.detach().clone() for k in ts.PARAM_NAMES}


def check_close(what, got, want):
    diff = (got - want).abs().max().item() if got.numel() else 0.0
    ok = torch.allclose(got, want, rtol=RTOL, atol=ATOL)
    assert ok, f"{what}: max abs diff {diff:g} exceeds tolerance"
    return diff


# --------------------------------------------------------------------------- trace cases

def trace_case(name, text, hidden, activation, loss, seed, inp, target):
    vocab = ts.build_vocab(text)
    assert inp in text, (name, inp)
    if loss == "last":
        assert len(target) == 1
    else:
        assert len(target) == len(inp)
    model = make_model(vocab, hidden, activation, seed)
    weights = f"trace_{name}.safetensors"
    save_weights(model, weights, vocab)

    x_ids = torch.tensor([ts.encode(inp, vocab)], dtype=torch.long)            # [1,T]
    t_ids = torch.tensor(ts.encode(target, vocab), dtype=torch.long)           # [1] or [T]
    targets = t_ids if loss == "last" else t_ids.unsqueeze(0)                  # [1] or [1,T]
    T = x_ids.shape[1]

    # Plain module forward/backward (the reference loss and gradients).
    model.zero_grad()
    logits_mod = model(x_ids)
    loss_mod = ts.loss_fn(logits_mod, targets, loss)
    loss_mod.backward()
    grads_mod = grads_of(model)
    with torch.no_grad():
        h_mod = model.rnn(model.embedding(x_ids))[0][0]                        # [T,H]

    # Hand-run recurrence with the same parameters.
    model.zero_grad()
    W_ih, W_hh = model.rnn.weight_ih_l0, model.rnn.weight_hh_l0
    b_ih, b_hh = model.rnn.bias_ih_l0, model.rnn.bias_hh_l0
    f = torch.tanh if activation == "tanh" else torch.relu
    xs = model.embedding(x_ids)[0]                                             # [T,H]
    h = torch.zeros(hidden)
    hs_prev, As, Hs, logits_l, probs_l = [], [], [], [], []
    for t in range(T):
        hs_prev.append(h)
        a = W_ih @ xs[t] + b_ih + W_hh @ h + b_hh
        a.retain_grad()
        h = f(a)
        h.retain_grad()
        lg = model.linear(h)
        As.append(a)
        Hs.append(h)
        logits_l.append(lg)
        probs_l.append(torch.softmax(lg, dim=-1))
    logits_man = torch.stack(logits_l)                                         # [T,V]
    if loss == "last":
        loss_man = F.cross_entropy(logits_man[-1:], t_ids)
    else:
        loss_man = F.cross_entropy(logits_man, t_ids, reduction="sum")
    loss_man.backward()
    grads_man = grads_of(model)

    # The hand-run recurrence must agree with nn.RNN.
    diffs = {"h": check_close(f"{name} h", torch.stack(Hs).detach(), h_mod),
             "logits": check_close(f"{name} logits", logits_man.detach(), logits_mod[0].detach()),
             "loss": check_close(f"{name} loss", loss_man.detach(), loss_mod.detach())}
    for k in ts.PARAM_NAMES:
        diffs[k] = check_close(f"{name} grad {k}", grads_man[k], grads_mod[k])
    worst = max(diffs.values())
    report.append(f"trace {name}: T={T} V={len(vocab)} loss={loss_mod.item():.6f} "
                  f"max |manual - module| = {worst:.3g}")

    steps = []
    for t in range(T):
        steps.append({
            "t": t + 1,
            "char": inp[t],
            "x": xs[t].detach().tolist(),
            "h_prev": hs_prev[t].detach().tolist(),
            "a": As[t].detach().tolist(),
            "h": Hs[t].detach().tolist(),
            "logits": logits_l[t].detach().tolist(),
            "probs": probs_l[t].detach().tolist(),
            "dh": Hs[t].grad.tolist(),
            "da": As[t].grad.tolist(),
        })
    write_json(f"trace_{name}.json", {
        "name": name, "text": text, "hidden": hidden, "activation": activation, "loss": loss,
        "seed": seed, "vocab": vocab, "input": inp, "target": target, "weights": weights,
        "loss_value": loss_mod.item(),
        "steps": steps,
        "grads": {k: grads_mod[k].tolist() for k in ts.PARAM_NAMES},
    })
    return model, vocab


# --------------------------------------------------------------------------- batch cases

def batch_case(name, text, window, hidden, activation, loss, seed):
    vocab = ts.build_vocab(text)
    model = make_model(vocab, hidden, activation, seed)
    weights = f"batch_{name}.safetensors"
    save_weights(model, weights, vocab)
    inputs, targets = ts.windows(text, window, loss, vocab)
    model.zero_grad()
    value = ts.loss_fn(model(inputs), targets, loss)
    value.backward()
    grads = grads_of(model)
    report.append(f"batch {name}: N={inputs.shape[0]} T={window} loss={value.item():.6f}")
    write_json(f"batch_{name}.json", {
        "name": name, "text": text, "window": window, "hidden": hidden,
        "activation": activation, "loss": loss, "seed": seed, "vocab": vocab,
        "weights": weights, "loss_value": value.item(),
        "grads": {k: grads[k].tolist() for k in ts.PARAM_NAMES},
    })


# --------------------------------------------------------------------------- training cases

def train_case(name, text, window, hidden, activation, loss, optimizer, lr, clip, epochs, seed):
    vocab = ts.build_vocab(text)
    model = make_model(vocab, hidden, activation, seed)
    weights = f"train_{name}.safetensors"
    save_weights(model, weights, vocab)
    inputs, targets = ts.windows(text, window, loss, vocab)
    losses, seconds = ts.train(model, inputs, targets, loss, epochs, lr, optimizer, clip)
    nexts = ts.predict(model, ts.SEED_PROMPTS, vocab)
    predictions = [{"input": q, "next": n} for q, n in zip(ts.SEED_PROMPTS, nexts)]
    report.append(f"train {name}: first loss {losses[0]:.6f}, final loss {losses[-1]:.6g}, "
                  f"{seconds:.2f} s, predictions {nexts}")
    write_json(f"train_{name}.json", {
        "name": name, "text": text, "window": window, "hidden": hidden,
        "activation": activation, "loss": loss, "optimizer": optimizer, "lr": lr,
        "clip": clip, "epochs": epochs, "seed": seed, "vocab": vocab, "weights": weights,
        "losses": losses, "predictions": predictions,
    })


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT, exist_ok=True)

    s = SEED_TEXT
    z = ZH_TEXT
    model, vocab = trace_case("seed_h64_tanh_last", s, 64, "tanh", "last", 0, "Hello, RNN", "!")
    ts.save(model, out_path("trace_seed_h64_tanh_last_novocab.safetensors"), None)
    written.append("trace_seed_h64_tanh_last_novocab.safetensors")
    trace_case("seed_h32_relu_every", s, 32, "relu", "every", 1, "Recurrent ", "ecurrent N")
    trace_case("seed_h16_tanh_every_long", s, 16, "tanh", "every", 2, s[0:64], s[1:65])
    trace_case("seed_h32_relu_last_long", s, 32, "relu", "last", 4, s[20:90], s[90])
    trace_case("zh_h32_tanh_last", z, 32, "tanh", "last", 3, z[0:12], z[12])
    trace_case("zh_h16_relu_every", z, 16, "relu", "every", 5, z[0:20], z[1:21])

    batch_case("seed_h64_tanh_last_w10", s, 10, 64, "tanh", "last", 0)
    batch_case("seed_h16_relu_every_w10", s, 10, 16, "relu", "every", 6)
    batch_case("seed_h32_tanh_every_w30", s, 30, 32, "tanh", "every", 7)

    train_case("seed_adam_500", s, 10, 64, "tanh", "last", "adam", 0.01, None, 500, 0)
    train_case("seed_sgd_50", s, 10, 64, "tanh", "last", "sgd", 0.5, None, 50, 1)
    train_case("seed_adam_clip_50", s, 10, 64, "tanh", "last", "adam", 0.01, 0.5, 50, 2)
    train_case("seed_every_relu_adam_50", s, 10, 64, "relu", "every", "adam", 0.005, None, 50, 3)

    for line in report:
        print(line)
    print_written()
    return 0


if __name__ == "__main__":
    sys.exit(main())
