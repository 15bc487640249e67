#!/usr/bin/env python3
"""Fixtures for issue 15's generation parity: PyTorch's own argmax loop and softmax(z/τ).

For the notes' trained RNN (Tests/RNNCoreTests/Fixtures/notes_trained_500.safetensors) and a
GRU and an LSTM trained here on the notes' task (500 epochs of full-batch Adam, lr 0.01, from
torch.manual_seed(0); saved next to the fixtures), it reads the prompt "Hello, RNN" and then
takes the most likely next character 40 times, re-running the model over the whole prompt plus
what it generated each time (no state carried by hand: the plainest loop there is). It also
writes softmax(z/τ) of the first three generated steps for τ = 0.5, 1, 1.5, 2.

Usage (from the repository root; needs torch and safetensors):
    python3 scripts/make_generation_fixtures.py
Writes Tests/RNNCoreTests/Fixtures/generation_<cell>.json (and generation_<cell>.safetensors
for the GRU and LSTM).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_seed as ts  # noqa: E402

FIXTURES = os.path.join("Tests", "RNNCoreTests", "Fixtures")
PROMPT = "Hello, RNN"
LENGTH = 40
TEMPERATURES = [0.5, 1.0, 1.5, 2.0]


def generate(model, vocab):
    model.eval()
    tokens = ts.encode(PROMPT, vocab)
    generated, tempered = [], []
    with torch.no_grad():
        for step in range(LENGTH):
            z = model(torch.tensor([tokens], dtype=torch.long))[0, -1, :].double()
            if step < 3:
                tempered.append({str(t): torch.softmax(z / t, dim=-1).tolist() for t in TEMPERATURES})
            nxt = int(z.argmax().item())
            generated.append(vocab[nxt])
            tokens.append(nxt)
    return "".join(generated), tempered


def main():
    torch.set_num_threads(1)
    text = ts.SEED_TEXT
    vocab = ts.build_vocab(text)
    runs = [("rnn", os.path.join(FIXTURES, "notes_trained_500.safetensors"))]
    inputs, targets = ts.windows(text, 10, "last", vocab)
    for cell in ("gru", "lstm"):
        torch.manual_seed(0)
        model = ts.Model(len(vocab), 64, "tanh", cell)
        ts.train(model, inputs, targets, "last", epochs=500, lr=0.01)
        path = os.path.join(FIXTURES, f"generation_{cell}.safetensors")
        ts.save(model, path, vocab=vocab, cell=cell)
        runs.append((cell, path))
    for cell, path in runs:
        model, file_vocab = ts.load_model(path, cell=cell)
        text_out, tempered = generate(model, file_vocab or vocab)
        record = {"cell": cell, "weights": os.path.basename(path), "prompt": PROMPT, "greedy": text_out,
                  "softmax_at_temperature": tempered, "torch": torch.__version__}
        with open(os.path.join(FIXTURES, f"generation_{cell}.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        print(f"{cell}: {PROMPT!r} + {text_out!r}")


if __name__ == "__main__":
    main()
