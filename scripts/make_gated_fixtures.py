#!/usr/bin/env python3
"""Write PyTorch reference fixtures for rnnscope's GRU and LSTM cells.

Run from anywhere (needs only torch + safetensors):

    python3 scripts/make_gated_fixtures.py

Output goes to Tests/RNNCoreTests/Fixtures/ (relative to the repository root), next to the plain
RNN fixtures of make_fixtures.py, whose conventions this follows:

  gated_<name>.json / .safetensors        one sequence, batch of 1: per-step x, h_prev, h, gate
                                          activations, (LSTM) c_prev and c, logits, probs, dL/dh_t,
                                          (LSTM) dL/dc_t, dL/d(gate pre-activations), plus the loss
                                          and all 7 parameter gradients.  The .safetensors holds
                                          the (initial) weights.
  gated_batch_<name>.json / .safetensors  loss and gradients over the full batch of windows.
  gated_train_<name>.json / .safetensors  per-epoch losses of a training run and the predictions
                                          after it; the .safetensors holds the INITIAL weights.

The model is the notes' one with nn.GRU or nn.LSTM in place of nn.RNN (torch_seed.Model's
cell="gru"/"lstm"); parameter names are unchanged (rnn.weight_ih_l0 etc.), gates stacked in
PyTorch's order: r,z,n for GRU, i,f,g,o for LSTM.  Everything is float32, seeded with
torch.manual_seed(seed) right before the model is built, and run on one thread.  JSON floats are
the exact float32 values.  Weights are written by torch_seed.save() with metadata "vocab" and
"cell".

Trace intermediates come from running PyTorch's equations by hand with the module's own
parameters (h_0 = c_0 = 0):

  GRU   r = σ(W_ir x + b_ir + W_hr h + b_hr)        z = σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))   h' = (1 − z) ⊙ n + z ⊙ h
  LSTM  i, f, o = σ(W_i* x + b_i* + W_h* h + b_h*)  g = tanh(W_ig x + b_ig + W_hg h + b_hg)
        c' = f ⊙ c + i ⊙ g                           h' = o ⊙ tanh(c')

"gates" are the post-activation values; "dgates" are dL/d(pre-activation) of each gate (for the
GRU's n: the whole tanh argument, W_in x + b_in + r ⊙ (W_hn h + b_hn)).  "dh"/"dc" are the total
dL/dh_t, dL/dc_t through every later path.  The script asserts that the hand-run h's (and final
c) equal the module's, that the hand-run loss's parameter gradients equal the module's, and that
the weight gradients rebuilt from dgates equal them too.  The "loss_value" and "grads" written
are the plain module's values; the per-step data is the hand-run recurrence's.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_seed as ts  # noqa: E402
# The same output folder, JSON writer and list of written files as the RNN fixtures.
from make_fixtures import ZH_TEXT, out_path, print_written, write_json, written  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RNNCoreTests", "Fixtures")

SEED_TEXT = ts.SEED_TEXT

ATOL = 1e-6
RTOL = 1e-5

GATES = {"gru": ("r", "z", "n"), "lstm": ("i", "f", "g", "o")}

report = []


def save_weights(model, name, vocab, cell):
    ts.save(model, out_path(name), vocab, cell)
    written.append(name)


def make_model(vocab, hidden, cell, seed):
    torch.manual_seed(seed)
    return ts.Model(len(vocab), hidden, cell=cell)


def grads_of(model):
    named = dict(model.named_parameters())
    assert list(named) == ts.PARAM_NAMES, list(named)
    return {k: named[k].grad.detach().clone() for k in ts.PARAM_NAMES}


def check_close(what, got, want, rtol=RTOL, atol=ATOL):
    diff = (got - want).abs().max().item() if got.numel() else 0.0
    ok = torch.allclose(got, want, rtol=rtol, atol=atol)
    assert ok, f"{what}: max abs diff {diff:g} exceeds tolerance"
    return diff


# --------------------------------------------------------------------------- hand-run cells

def gru_step(p, x, h, H):
    """One GRU step by hand; returns (h', pre-activations {r,z,n}, gates {r,z,n})."""
    W_ih, W_hh, b_ih, b_hh = p
    gi = W_ih @ x + b_ih                                                       # [3H]
    gh = W_hh @ h + b_hh                                                       # [3H]
    a_r = gi[0:H] + gh[0:H]
    a_z = gi[H:2 * H] + gh[H:2 * H]
    r = torch.sigmoid(a_r)
    z = torch.sigmoid(a_z)
    a_n = gi[2 * H:3 * H] + r * gh[2 * H:3 * H]
    n = torch.tanh(a_n)
    h_new = (1 - z) * n + z * h
    return h_new, {"r": a_r, "z": a_z, "n": a_n}, {"r": r, "z": z, "n": n}


def lstm_step(p, x, h, c, H):
    """One LSTM step by hand; returns (h', c', pre-activations {i,f,g,o}, gates {i,f,g,o})."""
    W_ih, W_hh, b_ih, b_hh = p
    gi = W_ih @ x + b_ih                                                       # [4H]
    gh = W_hh @ h + b_hh                                                       # [4H]
    pre = {k: gi[j * H:(j + 1) * H] + gh[j * H:(j + 1) * H]
           for j, k in enumerate(GATES["lstm"])}
    gates = {"i": torch.sigmoid(pre["i"]), "f": torch.sigmoid(pre["f"]),
             "g": torch.tanh(pre["g"]), "o": torch.sigmoid(pre["o"])}
    c_new = gates["f"] * c + gates["i"] * gates["g"]
    h_new = gates["o"] * torch.tanh(c_new)
    return h_new, c_new, pre, gates


def rebuilt_rnn_grads(cell, xs, hs_prev, gates, dpre, H):
    """dL/dW_ih, dL/dW_hh, dL/db_ih, dL/db_hh from the per-step dgates (outer products)."""
    keys = GATES[cell]
    X = xs.detach()                                                            # [T,H]
    Hp = torch.stack([h.detach() for h in hs_prev])                            # [T,H]
    D = torch.cat([torch.stack([d[k].grad for d in dpre]) for k in keys], 1)   # [T,G*H]
    if cell == "lstm":
        Dh = D
    else:  # the GRU's hidden-side n block is scaled by r
        R = torch.stack([g["r"].detach() for g in gates])
        Dh = torch.cat([D[:, :2 * H], D[:, 2 * H:] * R], 1)
    return {"rnn.weight_ih_l0": D.t() @ X, "rnn.weight_hh_l0": Dh.t() @ Hp,
            "rnn.bias_ih_l0": D.sum(0), "rnn.bias_hh_l0": Dh.sum(0)}


# --------------------------------------------------------------------------- trace cases

def trace_case(name, text, cell, hidden, loss, seed, start, T):
    vocab = ts.build_vocab(text)
    inp = text[start:start + T]
    target = text[start + T] if loss == "last" else text[start + 1:start + T + 1]
    assert len(inp) == T and len(target) == (1 if loss == "last" else T), (name, start, T)
    model = make_model(vocab, hidden, cell, seed)
    weights = f"gated_{name}.safetensors"
    save_weights(model, weights, vocab, cell)

    x_ids = torch.tensor([ts.encode(inp, vocab)], dtype=torch.long)            # [1,T]
    t_ids = torch.tensor(ts.encode(target, vocab), dtype=torch.long)           # [1] or [T]
    targets = t_ids if loss == "last" else t_ids.unsqueeze(0)                  # [1] or [1,T]
    H = hidden

    # Plain module forward/backward (the reference loss and gradients).
    model.zero_grad()
    logits_mod = model(x_ids)
    loss_mod = ts.loss_fn(logits_mod, targets, loss)
    loss_mod.backward()
    grads_mod = grads_of(model)
    with torch.no_grad():
        out_mod, state_mod = model.rnn(model.embedding(x_ids))
        h_mod = out_mod[0]                                                     # [T,H]
        c_mod = state_mod[1][0, 0] if cell == "lstm" else None                 # [H]

    # Hand-run recurrence with the same parameters.
    model.zero_grad()
    p = (model.rnn.weight_ih_l0, model.rnn.weight_hh_l0,
         model.rnn.bias_ih_l0, model.rnn.bias_hh_l0)
    xs = model.embedding(x_ids)[0]                                             # [T,H]
    h = torch.zeros(H)
    c = torch.zeros(H)
    hs_prev, cs_prev, Hs, Cs, pres, gates_l, logits_l, probs_l = [], [], [], [], [], [], [], []
    for t in range(T):
        hs_prev.append(h)
        cs_prev.append(c)
        if cell == "gru":
            h, pre, gates = gru_step(p, xs[t], h, H)
        else:
            h, c, pre, gates = lstm_step(p, xs[t], h, c, H)
            c.retain_grad()
        for a in pre.values():
            a.retain_grad()
        h.retain_grad()
        lg = model.linear(h)
        Hs.append(h)
        Cs.append(c)
        pres.append(pre)
        gates_l.append(gates)
        logits_l.append(lg)
        probs_l.append(torch.softmax(lg, dim=-1))
    logits_man = torch.stack(logits_l)                                         # [T,V]
    if loss == "last":
        loss_man = F.cross_entropy(logits_man[-1:], t_ids)
    else:
        loss_man = F.cross_entropy(logits_man, t_ids, reduction="sum")
    loss_man.backward()
    grads_man = grads_of(model)

    # The hand-run recurrence must agree with the module.
    diffs = {"h": check_close(f"{name} h", torch.stack(Hs).detach(), h_mod, rtol=0.0),
             "logits": check_close(f"{name} logits", logits_man.detach(), logits_mod[0].detach()),
             "loss": check_close(f"{name} loss", loss_man.detach(), loss_mod.detach())}
    if cell == "lstm":
        diffs["c_T"] = check_close(f"{name} c_T", Cs[-1].detach(), c_mod, rtol=0.0)
    for k in ts.PARAM_NAMES:
        diffs[k] = check_close(f"{name} grad {k}", grads_man[k], grads_mod[k])
    # ... and the written dgates must rebuild the recurrent weights' gradients.
    rebuilt = rebuilt_rnn_grads(cell, xs, hs_prev, gates_l, pres, H)
    rdiff = max(check_close(f"{name} rebuilt {k}", v, grads_mod[k]) for k, v in rebuilt.items())
    worst = max(diffs.values())
    report.append(f"gated {name}: {cell} T={T} V={len(vocab)} loss={loss_mod.item():.6f} "
                  f"max |hand - module| = {worst:.3g} (h {diffs['h']:.3g}), "
                  f"grads from dgates {rdiff:.3g}")

    steps = []
    for t in range(T):
        step = {
            "t": t + 1,
            "char": inp[t],
            "x": xs[t].detach().tolist(),
            "h_prev": hs_prev[t].detach().tolist(),
            "h": Hs[t].detach().tolist(),
            "gates": {k: gates_l[t][k].detach().tolist() for k in GATES[cell]},
        }
        if cell == "lstm":
            step["c_prev"] = cs_prev[t].detach().tolist()
            step["c"] = Cs[t].detach().tolist()
        step["logits"] = logits_l[t].detach().tolist()
        step["probs"] = probs_l[t].detach().tolist()
        step["dh"] = Hs[t].grad.tolist()
        if cell == "lstm":
            step["dc"] = Cs[t].grad.tolist()
        step["dgates"] = {k: pres[t][k].grad.tolist() for k in GATES[cell]}
        steps.append(step)
    write_json(f"gated_{name}.json", {
        "name": name, "cell": cell, "text": text, "hidden": hidden, "loss": loss,
        "seed": seed, "vocab": vocab, "input": inp, "target": target, "weights": weights,
        "loss_value": loss_mod.item(),
        "steps": steps,
        "grads": {k: grads_mod[k].flatten().tolist() for k in ts.PARAM_NAMES},
    })
    return worst


# --------------------------------------------------------------------------- batch cases

def batch_case(name, text, cell, window, hidden, loss, seed):
    vocab = ts.build_vocab(text)
    model = make_model(vocab, hidden, cell, seed)
    weights = f"gated_batch_{name}.safetensors"
    save_weights(model, weights, vocab, cell)
    inputs, targets = ts.windows(text, window, loss, vocab)
    model.zero_grad()
    value = ts.loss_fn(model(inputs), targets, loss)
    value.backward()
    grads = grads_of(model)
    report.append(f"gated_batch {name}: {cell} N={inputs.shape[0]} T={window} "
                  f"loss={value.item():.6f}")
    write_json(f"gated_batch_{name}.json", {
        "name": name, "cell": cell, "text": text, "window": window, "hidden": hidden,
        "loss": loss, "seed": seed, "vocab": vocab,
        "weights": weights, "loss_value": value.item(),
        "grads": {k: grads[k].flatten().tolist() for k in ts.PARAM_NAMES},
    })


# --------------------------------------------------------------------------- training cases

def run_training(text, cell, window, hidden, loss, optimizer, lr, clip, epochs, seed):
    vocab = ts.build_vocab(text)
    model = make_model(vocab, hidden, cell, seed)
    init = {k: v.detach().clone() for k, v in model.state_dict().items()}
    inputs, targets = ts.windows(text, window, loss, vocab)
    losses, seconds = ts.train(model, inputs, targets, loss, epochs, lr, optimizer, clip)
    nexts = ts.predict(model, ts.SEED_PROMPTS, vocab)
    model.load_state_dict(init)  # hand back the initial weights for saving
    return model, vocab, losses, seconds, nexts


def train_case(name, text, cell, window, hidden, loss, optimizer, lr, clip, epochs, seed):
    model, vocab, losses, seconds, nexts = run_training(
        text, cell, window, hidden, loss, optimizer, lr, clip, epochs, seed)
    weights = f"gated_train_{name}.safetensors"
    save_weights(model, weights, vocab, cell)
    predictions = [{"input": q, "next": n} for q, n in zip(ts.SEED_PROMPTS, nexts)]
    report.append(f"gated_train {name}: {cell} first loss {losses[0]:.6f}, "
                  f"final loss {losses[-1]:.6g}, {seconds:.2f} s, predictions {nexts}")
    write_json(f"gated_train_{name}.json", {
        "name": name, "cell": cell, "text": text, "window": window, "hidden": hidden,
        "loss": loss, "optimizer": optimizer, "lr": lr,
        "clip": clip, "epochs": epochs, "seed": seed, "vocab": vocab, "weights": weights,
        "losses": losses, "predictions": predictions,
    })


def long_run(label, text, cell, window, hidden, loss, optimizer, lr, clip, epochs, seed):
    """Train longer without writing anything; report whether the note's '!', 'N', 'd' come out."""
    _, _, losses, seconds, nexts = run_training(
        text, cell, window, hidden, loss, optimizer, lr, clip, epochs, seed)
    want = ["!", "N", "d"]
    verdict = "matches the note's ! N d" if nexts == want else "differs from ! N d"
    report.append(f"not saved: {label} {epochs} epochs: final loss {losses[-1]:.6g}, "
                  f"{seconds:.2f} s, predictions {nexts} ({verdict})")
    return nexts


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT, exist_ok=True)

    s = SEED_TEXT
    z = ZH_TEXT
    trace_case("gru_h32_last", s, "gru", 32, "last", 0, 0, 10)
    trace_case("gru_h16_every_long", s, "gru", 16, "every", 1, 0, 60)
    trace_case("lstm_h32_last", s, "lstm", 32, "last", 2, 12, 10)
    trace_case("lstm_h16_every_long", s, "lstm", 16, "every", 3, 40, 60)
    # H=32 rather than 64 keeps the new fixtures under ~3 MB (an H=64 LSTM trace is 1.3 MB of
    # JSON, mostly its 33k weight gradients); H=64 LSTM training is covered by lstm_adam_50.
    trace_case("lstm_h32_zh_every", z, "lstm", 32, "every", 4, 0, 20)

    batch_case("gru_h16_last_w10", s, "gru", 10, 16, "last", 5)
    batch_case("lstm_h16_every_w10", s, "lstm", 10, 16, "every", 6)

    train_case("gru_adam_50", s, "gru", 10, 64, "last", "adam", 0.01, None, 50, 7)
    train_case("lstm_adam_50", s, "lstm", 10, 64, "last", "adam", 0.01, None, 50, 8)
    long_run("gru_adam (seed 7)", s, "gru", 10, 64, "last", "adam", 0.01, None, 500, 7)
    long_run("lstm_adam (seed 8)", s, "lstm", 10, 64, "last", "adam", 0.01, None, 500, 8)

    for line in report:
        print(line)
    print_written()
    return 0


if __name__ == "__main__":
    sys.exit(main())
