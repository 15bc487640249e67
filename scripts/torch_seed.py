#!/usr/bin/env python3
"""PyTorch reference implementation of the seed notes' character-level RNN.

This is the program from the study note that rnnscope is built on
(Embedding(V,H) -> nn.RNN(H,H, batch_first) -> Linear(H,V), cross-entropy, Adam lr 0.01,
500 full-batch epochs over every 10-character window of the seed text), made reusable so
that `make_fixtures.py` can produce reference numbers for the Swift implementation.

Extensions over the note: the model returns logits for every step; a second loss mode
("every": cross-entropy summed over the steps of a window, averaged over windows); ReLU
activation; GRU and LSTM cells in place of the plain RNN (`--cell`); plain SGD; gradient-norm
clipping; safetensors weight I/O with the vocabulary (and, for gated cells, the cell kind)
stored in the file's metadata.

Needs only torch and safetensors. Usage (from the repository root):

    python3 scripts/torch_seed.py                      # the seed's exact run, prints every 10 epochs
    python3 scripts/torch_seed.py --json --epochs 500  # one JSON object with losses, timing, predictions
    python3 scripts/torch_seed.py --loss every --activation relu --optimizer sgd --lr 0.5 --clip 1
    python3 scripts/torch_seed.py --cell lstm          # the same run with an LSTM (or gru) cell
    python3 scripts/torch_seed.py --save-init w0.safetensors --save w.safetensors
    python3 scripts/torch_seed.py --init w0.safetensors   # start from given weights instead of seed

As a module: build_vocab, windows, Model, loss_fn, train, predict, save, load, load_cell,
load_model.
"""

import argparse
import json
import struct
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn, optim
from safetensors import safe_open
from safetensors.torch import save_file

SEED_TEXT = ("Hello, RNN! Recurrent Neural Networks are powerful for sequence tasks. "
             "Let's build a simple RNN model.")
SEED_PROMPTS = ["Hello, RNN", "Recurrent ", "Let's buil"]
PARAM_NAMES = [
    "embedding.weight",
    "rnn.weight_ih_l0",
    "rnn.weight_hh_l0",
    "rnn.bias_ih_l0",
    "rnn.bias_hh_l0",
    "linear.weight",
    "linear.bias",
]


def build_vocab(text):
    """Sorted distinct characters (one token per Unicode code point), as in the note."""
    return sorted(set(text))


def encode(s, vocab):
    index = {ch: i for i, ch in enumerate(vocab)}
    missing = sorted({ch for ch in s if ch not in index})
    if missing:
        raise ValueError(f"characters not in vocabulary: {missing!r}")
    return [index[ch] for ch in s]


CELLS = ("rnn", "gru", "lstm")


def windows(text, window, loss="last", vocab=None):
    """All len(text)-window training windows of `text`.

    Returns (inputs [N,T] long, targets [N] long for loss="last" or [N,T] for loss="every").
    "last": target is the character following the window (the note's setup).
    "every": target is the window shifted by one character.
    """
    if loss not in ("last", "every"):
        raise ValueError(f"unknown loss mode {loss!r}")
    if vocab is None:
        vocab = build_vocab(text)
    n = len(text) - window
    if window < 1 or n < 1:
        raise ValueError(f"text of {len(text)} characters has no windows of length {window}")
    inputs, targets = [], []
    for i in range(n):
        inputs.append(encode(text[i:i + window], vocab))
        if loss == "last":
            targets.append(encode(text[i + window], vocab)[0])
        else:
            targets.append(encode(text[i + 1:i + window + 1], vocab))
    return torch.tensor(inputs, dtype=torch.long), torch.tensor(targets, dtype=torch.long)


class Model(nn.Module):
    """The note's model; forward returns logits for all steps, shape [B,T,V].

    cell="gru" or "lstm" swaps nn.RNN for nn.GRU / nn.LSTM (nonlinearity is then ignored);
    the parameter names stay rnn.weight_ih_l0 etc., with the gates stacked in PyTorch's order
    (r,z,n for GRU; i,f,g,o for LSTM)."""

    def __init__(self, vocab_size, hidden, nonlinearity="tanh", cell="rnn"):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"unknown cell {cell!r}")
        self.cell = cell
        self.embedding = nn.Embedding(vocab_size, hidden)
        if cell == "rnn":
            self.rnn = nn.RNN(input_size=hidden, hidden_size=hidden, num_layers=1,
                              nonlinearity=nonlinearity, batch_first=True)
        else:
            kind = nn.GRU if cell == "gru" else nn.LSTM
            self.rnn = kind(input_size=hidden, hidden_size=hidden, num_layers=1,
                            batch_first=True)
        self.linear = nn.Linear(hidden, vocab_size)

    def forward(self, x):
        embed = self.embedding(x)
        outputs, _ = self.rnn(embed)
        return self.linear(outputs)


def loss_fn(logits, targets, loss="last"):
    """"last": mean CE of the final step over the batch (the note's nn.CrossEntropyLoss).
    "every": CE summed over the T steps, then averaged over the B sequences."""
    if loss == "last":
        return F.cross_entropy(logits[:, -1, :], targets)
    if loss == "every":
        b, _, v = logits.shape
        return F.cross_entropy(logits.reshape(-1, v), targets.reshape(-1), reduction="sum") / b
    raise ValueError(f"unknown loss mode {loss!r}")


def make_optimizer(model, optimizer="adam", lr=0.01):
    if optimizer == "adam":
        return optim.Adam(model.parameters(), lr=lr)
    if optimizer == "sgd":
        return optim.SGD(model.parameters(), lr=lr)
    raise ValueError(f"unknown optimizer {optimizer!r}")


def train(model, inputs, targets, loss="last", epochs=500, lr=0.01, optimizer="adam", clip=None,
          callback=None):
    """Full-batch training in the note's order: forward, loss, zero_grad, backward,
    [clip_grad_norm_], step.  Returns (per-epoch losses, training-loop seconds); each loss is
    the one computed before that epoch's step.  callback(epoch, loss), if given, runs after
    each epoch inside the timed loop, so keep it cheap."""
    opt = make_optimizer(model, optimizer, lr)
    model.train()
    losses = []
    start = time.perf_counter()
    for epoch in range(epochs):
        logits = model(inputs)
        value = loss_fn(logits, targets, loss)
        opt.zero_grad()
        value.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(value.item())
        if callback is not None:
            callback(epoch, losses[-1])
    seconds = time.perf_counter() - start
    return losses, seconds


def predict(model, prompts, vocab):
    """Argmax of the last step's logits for each prompt -> list of characters."""
    model.eval()
    result = []
    with torch.no_grad():
        lengths = {len(p) for p in prompts}
        if len(lengths) == 1:  # the note's way: one batch of equal-length prompts
            x = torch.tensor([encode(p, vocab) for p in prompts], dtype=torch.long)
            logits = model(x)[:, -1, :]
            result = [vocab[i] for i in logits.argmax(dim=-1).tolist()]
        else:
            for p in prompts:
                x = torch.tensor([encode(p, vocab)], dtype=torch.long)
                result.append(vocab[model(x)[0, -1, :].argmax().item()])
    return result


def save(model, path, vocab=None, cell=None):
    """Write the state dict with torch's safetensors writer; vocab as JSON in the metadata,
    and the cell kind ("rnn", "gru", "lstm") in the metadata key "cell" when given."""
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    metadata = {}
    if vocab is not None:
        metadata["vocab"] = json.dumps(list(vocab), ensure_ascii=False)
    if cell is not None:
        if cell not in CELLS:
            raise ValueError(f"unknown cell {cell!r}")
        metadata["cell"] = cell
    save_file(state, path, metadata=metadata or None)
    if len(metadata) > 1:
        _sort_metadata(path)


def _sort_metadata(path):
    """Rewrite a safetensors header with its metadata keys sorted.  The writer keeps metadata in
    a hash map, so with two or more keys their order (and so the file's bytes) varies from run
    to run; this makes the file reproducible.  Tensor entries and data are left as written."""
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__")
    header = {"__metadata__": dict(sorted(meta.items())), **header}
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + blob[8 + n:])


def load(path):
    """Read a file written by save() or rnnscope: returns (state_dict, vocab or None).  The
    optimizer's state rnnscope saves with the weights (tensors "optimizer.<name>.exp_avg" and
    ".exp_avg_sq") is left out, so the result goes straight into model.load_state_dict."""
    state = {}
    with safe_open(path, framework="pt") as f:
        meta = f.metadata() or {}
        for k in f.keys():
            if not k.startswith("optimizer."):
                state[k] = f.get_tensor(k)
    vocab = json.loads(meta["vocab"]) if "vocab" in meta else None
    return state, vocab


def load_cell(path):
    """The metadata "cell" of a weights file, or None when it has none."""
    with safe_open(path, framework="pt") as f:
        meta = f.metadata() or {}
    return meta.get("cell")


def load_model(path, nonlinearity="tanh", cell=None):
    """Build a Model from a weights file: returns (model, vocab or None).  The cell kind is
    the file's metadata "cell" if present, else `cell`, else "rnn"."""
    state, vocab = load(path)
    cell = load_cell(path) or cell or "rnn"
    v, h = state["embedding.weight"].shape
    model = Model(v, h, nonlinearity, cell)
    model.load_state_dict(state)
    return model, vocab


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--text", default=SEED_TEXT)
    p.add_argument("--window", type=int, default=10)
    p.add_argument("--hidden", type=int, default=None, help="default 64 (or the --init file's)")
    p.add_argument("--epochs", type=int, default=500)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    p.add_argument("--activation", choices=["tanh", "relu"], default="tanh",
                   help="plain RNN only")
    p.add_argument("--cell", choices=list(CELLS), default=None,
                   help="rnn (default), gru or lstm; default with --init: the file's metadata")
    p.add_argument("--loss", choices=["last", "every"], default="last")
    p.add_argument("--clip", type=float, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--init", help="initial weights (safetensors) instead of seeded random init")
    p.add_argument("--save-init", help="write the initial weights here before training")
    p.add_argument("--save", help="write the trained weights here")
    p.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    p.add_argument("--prompt", action="append", default=None,
                   help="prompt to predict after training (repeatable); default: the note's three")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a log")
    args = p.parse_args(argv)

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    text = args.text

    if args.init:
        state, vocab = load(args.init)
        v, h = state["embedding.weight"].shape
        if vocab is None:
            vocab = build_vocab(text)
        if len(vocab) != v:
            p.error(f"--init has {v} embedding rows but the vocabulary has {len(vocab)} characters")
        if args.hidden is not None and args.hidden != h:
            p.error(f"--hidden {args.hidden} does not match --init's hidden size {h}")
        file_cell = load_cell(args.init)
        if args.cell is not None and file_cell is not None and args.cell != file_cell:
            p.error(f"--cell {args.cell} does not match --init's cell {file_cell}")
        cell = args.cell or file_cell or "rnn"
        model = Model(v, h, args.activation, cell)
        model.load_state_dict(state)
    else:
        vocab = build_vocab(text)
        cell = args.cell or "rnn"
        torch.manual_seed(args.seed)
        model = Model(len(vocab), args.hidden or 64, args.activation, cell)

    inputs, targets = windows(text, args.window, args.loss, vocab)
    # Plain-RNN files keep the original format (vocab only); gated cells also record "cell".
    saved_cell = None if cell == "rnn" else cell
    if args.save_init:
        save(model, args.save_init, vocab, saved_cell)

    def log(epoch, value):
        if not args.json and (epoch + 1) % 10 == 0:
            print(f"epoch {epoch + 1}: loss {value:.6f}")

    losses, seconds = train(model, inputs, targets, args.loss, args.epochs, args.lr,
                            args.optimizer, args.clip, callback=log)
    if args.save:
        save(model, args.save, vocab, saved_cell)

    prompts = args.prompt if args.prompt is not None else SEED_PROMPTS
    usable = [q for q in prompts if q and all(ch in vocab for ch in q)]
    for q in prompts:
        if q not in usable:
            print(f"skipping prompt {q!r}: empty or has characters outside the vocabulary",
                  file=sys.stderr)
    nexts = predict(model, usable, vocab) if usable else []
    predictions = [{"input": q, "next": n} for q, n in zip(usable, nexts)]

    if args.json:
        print(json.dumps({
            "epochs": args.epochs,
            "losses": losses,
            "final_loss": losses[-1] if losses else None,
            "seconds": seconds,
            "predictions": predictions,
        }, ensure_ascii=False))
    else:
        print(f"training loop: {seconds:.3f} s")
        for pr in predictions:
            print(f"{pr['input']!r} -> {pr['next']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
