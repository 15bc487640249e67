#!/usr/bin/env python3
"""Write PyTorch reference fixtures for rnnscope's mini-batch training (issue 15 §1).

Run from anywhere (needs only torch + safetensors):

    python3 scripts/make_minibatch_fixtures.py

Output goes to Tests/RNNCoreTests/Fixtures/:

  minibatch_<name>.json / .safetensors   a run of `steps` Adam steps over mini-batches of
                                         `batch` windows taken in window order, the last batch
                                         of each epoch partial (DataLoader's drop_last=False),
                                         epochs following each other; the loss of every step
                                         (before its update) and every parameter after the
                                         last step.  The .safetensors holds the INITIAL weights.

The windows, model and loss are torch_seed's (the notes' model with nn.RNN, nn.GRU or nn.LSTM);
batch k of an epoch is windows[k*B:(k+1)*B], exactly what
DataLoader(TensorDataset(inputs, targets), batch_size=B, shuffle=False) yields.  Everything is
float32, seeded with torch.manual_seed(seed) right before the model is built, one thread.
"""

import os
import sys

import torch
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_seed as ts  # noqa: E402
from make_fixtures import out_path, print_written, write_json, written  # noqa: E402


def minibatch_case(name, text, cell, window, hidden, loss, batch, steps, lr, seed):
    vocab = ts.build_vocab(text)
    torch.manual_seed(seed)
    model = ts.Model(len(vocab), hidden, cell=cell)
    weights = f"minibatch_{name}.safetensors"
    ts.save(model, out_path(weights), vocab, cell)
    written.append(weights)
    inputs, targets = ts.windows(text, window, loss, vocab)
    loader = DataLoader(TensorDataset(inputs, targets), batch_size=batch, shuffle=False, drop_last=False)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses, sizes = [], []
    while len(losses) < steps:
        for x, y in loader:
            value = ts.loss_fn(model(x), y, loss)
            opt.zero_grad()
            value.backward()
            opt.step()
            losses.append(value.item())
            sizes.append(int(x.shape[0]))
            if len(losses) == steps:
                break
    final = {k: v.detach().flatten().tolist() for k, v in model.state_dict().items()}
    print(f"minibatch {name}: {cell} N={inputs.shape[0]} B={batch} steps={steps} "
          f"batch sizes {sorted(set(sizes))} first loss {losses[0]:.6f} last {losses[-1]:.6f}")
    write_json(f"minibatch_{name}.json", {
        "name": name, "cell": cell, "text": text, "window": window, "hidden": hidden, "loss": loss,
        "batch": batch, "steps": steps, "lr": lr, "seed": seed, "vocab": vocab, "weights": weights,
        "losses": losses, "batch_sizes": sizes, "final": final,
    })


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    s = ts.SEED_TEXT  # 92 windows of 10: batches of 8 leave a last batch of 4 every epoch
    minibatch_case("rnn_h12_last_b8", s, "rnn", 10, 12, "last", 8, 50, 0.01, 21)
    minibatch_case("gru_h8_every_b8", s, "gru", 10, 8, "every", 8, 50, 0.01, 22)
    minibatch_case("lstm_h16_last_b6", s, "lstm", 10, 16, "last", 6, 50, 0.01, 23)
    print_written()
    return 0


if __name__ == "__main__":
    sys.exit(main())
