#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus/ (run from the repository root).

safetensors/: two small PyTorch fixtures as they are, a tiny valid model, truncations and
hand-made malformed headers (huge lengths and shapes, overflowing offsets, wrong dtypes and
metadata). lessons/: every shipped lesson plus broken variants of one. The output is
deterministic, so re-running only changes files when this script changes.
"""
import json
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
FIXTURES = os.path.join(ROOT, "Tests", "RNNCoreTests", "Fixtures")
NAMES = ["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
         "rnn.bias_hh_l0", "linear.weight", "linear.bias"]


def safetensors(header, data=b"", length=None, raw_header=None):
    body = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":")).encode()
    n = len(body) if length is None else length
    return struct.pack("<Q", n) + body + data


def model(vocab, hidden, metadata=None, shapes=None, data_pad=0):
    """A complete plain-RNN weight file with values 0.0, 0.5, 1.0, ..."""
    v, h = len(vocab), hidden
    default = {"embedding.weight": [v, h], "rnn.weight_ih_l0": [h, h], "rnn.weight_hh_l0": [h, h],
               "rnn.bias_ih_l0": [h], "rnn.bias_hh_l0": [h], "linear.weight": [v, h], "linear.bias": [v]}
    shapes = shapes or default
    header = {"__metadata__": metadata if metadata is not None else
              {"vocab": json.dumps(vocab, ensure_ascii=False), "cell": "rnn", "activation": "tanh", "hidden": str(h)}}
    data = b""
    for name in sorted(shapes):
        count = 1
        for d in shapes[name]:
            count *= d
        header[name] = {"dtype": "F32", "shape": shapes[name], "data_offsets": [len(data), len(data) + 4 * count]}
        data += b"".join(struct.pack("<f", 0.5 * i) for i in range(count))
    return safetensors(header, data + b"\0" * data_pad)


def write(folder, name, content):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(content)


def safetensors_seeds():
    out = os.path.join(CORPUS, "safetensors")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for fixture in ["trace_seed_h16_tanh_every_long.safetensors", "trace_zh_h16_relu_every.safetensors"]:
        shutil.copy(os.path.join(FIXTURES, fixture), os.path.join(out, "fixture_" + fixture))
    torch = open(os.path.join(FIXTURES, "trace_seed_h16_tanh_every_long.safetensors"), "rb").read()
    header_end = 8 + struct.unpack("<Q", torch[:8])[0]
    write(out, "truncated_in_length", torch[:5])
    write(out, "truncated_in_header", torch[:header_end // 2])
    write(out, "truncated_in_data", torch[:header_end + 100])
    write(out, "trailing_bytes", torch + b"\0" * 12)

    tiny = model(["a", "b"], 2)
    write(out, "tiny_model_v2_h2", tiny)
    write(out, "tiny_model_relu_zh", model(["词", "嵌"], 1, {"vocab": '["词", "嵌"]', "activation": "relu"}))
    write(out, "tiny_model_novocab", model(["a", "b"], 2, {}))
    write(out, "tiny_model_lstm", model(["a", "b"], 2, {"vocab": '["a", "b"]', "cell": "lstm"}))
    write(out, "tiny_model_bad_activation", model(["a", "b"], 2, {"vocab": '["a", "b"]', "activation": "sigmoid"}))
    write(out, "tiny_model_vocab_not_json", model(["a", "b"], 2, {"vocab": "[a, b"}))
    write(out, "tiny_model_vocab_duplicate", model(["a", "b"], 2, {"vocab": '["a", "a"]'}))
    write(out, "tiny_model_vocab_multichar", model(["a", "b"], 2, {"vocab": '["ab", "c"]'}))
    write(out, "tiny_model_vocab_empty", model(["a", "b"], 2, {"vocab": "[]"}))
    ab = '["a", "b"]'
    write(out, "tiny_model_epoch_500", model(["a", "b"], 2, {"vocab": ab, "cell": "rnn", "epoch": "500"}))
    write(out, "tiny_model_epoch_max", model(["a", "b"], 2, {"vocab": ab, "epoch": "100000000"}))
    write(out, "tiny_model_epoch_over_max", model(["a", "b"], 2, {"vocab": ab, "epoch": "100000001"}))
    write(out, "tiny_model_epoch_negative", model(["a", "b"], 2, {"vocab": ab, "epoch": "-1"}))
    write(out, "tiny_model_epoch_int64_overflow", model(["a", "b"], 2, {"vocab": ab, "epoch": "99999999999999999999"}))
    write(out, "tiny_model_epoch_newline", model(["a", "b"], 2, {"vocab": ab, "epoch": "5\nsecond line"}))
    shapes = {"embedding.weight": [2, 2], "rnn.weight_ih_l0": [2, 3], "rnn.weight_hh_l0": [2, 2],
              "rnn.bias_ih_l0": [2], "rnn.bias_hh_l0": [2], "linear.weight": [2, 2], "linear.bias": [2]}
    write(out, "tiny_model_wrong_shape", model(["a", "b"], 2, shapes=shapes))
    write(out, "tiny_model_extra_tensor", model(["a", "b"], 2, shapes={**shapes, "rnn.weight_ih_l0": [2, 2], "extra": [1]}))
    write(out, "one_char_vocab_wide_embedding", model(["a"], 0, shapes={"embedding.weight": [1, 64]},
                                                      metadata={"vocab": '["a"]'}))

    one = {"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
    write(out, "one_tensor", safetensors(one, struct.pack("<ff", 1.0, -2.0)))
    write(out, "empty_header_object", safetensors({}))
    write(out, "padded_header", safetensors(None, raw_header=b'{"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}   ', data=b"\0\0\x80\x7f"))
    write(out, "metadata_only", safetensors({"__metadata__": {"k": "v", "vocab": '["x"]'}}))
    write(out, "metadata_not_strings", safetensors({"__metadata__": {"k": 1}}))
    write(out, "header_not_object", safetensors(None, raw_header=b"[1,2,3]"))
    write(out, "header_not_json", safetensors(None, raw_header=b'{"x":{"dtype":"F32",'))
    write(out, "header_length_2pow60", safetensors(one, b"\0" * 8, length=1 << 60))
    write(out, "header_length_maxuint64", safetensors(one, b"\0" * 8, length=(1 << 64) - 1))
    write(out, "header_length_just_over_limit", safetensors(one, b"\0" * 8, length=(16 << 20) + 1))
    write(out, "header_length_past_end", safetensors(one, b"\0" * 8, length=4096))
    write(out, "header_length_zero", safetensors(None, raw_header=b"", data=b"{}"))
    # Offsets that do not tile the data (issue 13): overlapping, shared, a gap, reversed order.
    f32 = lambda begin, end: {"dtype": "F32", "shape": [(end - begin) // 4], "data_offsets": [begin, end]}
    write(out, "offsets_overlap", safetensors({"a": f32(0, 16), "b": f32(8, 24)}, b"\0" * 24))
    write(out, "offsets_shared", safetensors({"a": f32(0, 16), "b": f32(0, 16)}, b"\0" * 16))
    write(out, "offsets_gap", safetensors({"a": f32(0, 8), "b": f32(16, 24)}, b"\0" * 24))
    write(out, "offsets_tensors_swapped", safetensors({"a": f32(8, 16), "b": f32(0, 8)}, b"\0" * 16))

    def entry(**fields):
        base = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
        base.update(fields)
        return safetensors({"x": base}, b"\0" * 8)

    write(out, "shape_100000x100000", entry(shape=[100000, 100000], data_offsets=[0, 40000000000]))
    write(out, "shape_overflow_int64", entry(shape=[1 << 31, 1 << 31, 1 << 31], data_offsets=[0, 8]))
    write(out, "shape_nine_dims", entry(shape=[1] * 9, data_offsets=[0, 4]))
    write(out, "shape_negative", entry(shape=[-2], data_offsets=[0, 8]))
    write(out, "shape_fraction", entry(shape=[2.5]))
    write(out, "shape_huge_double", entry(shape=[1e300]))
    write(out, "shape_string", entry(shape="2"))
    write(out, "shape_zero", entry(shape=[0, 5], data_offsets=[0, 0]))
    write(out, "offsets_2pow60", entry(data_offsets=[1 << 60, (1 << 60) + 8]))
    write(out, "offsets_reversed", entry(data_offsets=[8, 0]))
    write(out, "offsets_negative", entry(data_offsets=[-8, 0]))
    write(out, "offsets_past_data", entry(data_offsets=[4, 12]))
    write(out, "offsets_three", entry(data_offsets=[0, 4, 8]))
    write(out, "offsets_strings", entry(data_offsets=["0", "8"]))
    write(out, "offsets_bool", entry(data_offsets=[False, True]))
    write(out, "offsets_mismatch_shape", entry(shape=[3]))
    write(out, "dtype_f16", entry(dtype="F16"))
    write(out, "dtype_bf16", entry(dtype="BF16"))
    write(out, "dtype_i64", entry(dtype="I64", shape=[1]))
    write(out, "dtype_missing", safetensors({"x": {"shape": [2], "data_offsets": [0, 8]}}, b"\0" * 8))
    write(out, "entry_not_object", safetensors({"x": [1, 2]}, b"\0" * 8))
    write(out, "two_tensors_overlap", safetensors({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                                   "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8))
    write(out, "unicode_names", safetensors({"é\u0000名": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                                             "__metadata__": {"\ud7ff": "\u2028"}}, b"\0" * 4))


LESSON_BROKEN = {
    "no_front_matter": "# just a title\n\n## Step\n\ntext\n",
    "front_matter_unclosed": "---\nid: 1\ntitle: T\nlang: en\n\n## Step\n\ntext\n",
    "front_matter_not_mapping": "---\n- a\n- b\n---\n\n## Step\n\ntext\n",
    "front_matter_bad_yaml": "---\nid: [1\ntitle: T\n---\n\n## Step\n",
    "front_matter_anchors": "---\nid: &a 3\ntitle: *a\nlang: en\n? [x]\n: y\n---\n\n## Step\n",
    "front_matter_duplicate": "---\nid: 1\nid: 2\ntitle: T\nlang: en\n---\n\n## Step\n",
    "front_matter_ranges": "---\nid: 1\ntitle: T\nlang: en\nhidden: 99999\nwindow: 0\nseed: -1\nepochs: 1e9\nlr: .nan\nclip: -.inf\nwhh_scale: 0\n---\n\n## Step\n",
    "window_longer_than_text": "---\nid: 1\ntitle: T\nlang: en\ntext: abc\nwindow: 10\n---\n\n## Step\n\ntext\n",
    "no_steps": "---\nid: 1\ntitle: T\nlang: en\n---\n\nno heading here\n",
    "empty_heading": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## \n",
    "unclosed_code_block": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## Step\n\n```rnnscope\nview: step\n",
    "two_directive_blocks": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## Step\n\n```rnnscope\nview: step\n```\n\n```rnnscope\nt: 2\n```\n",
    "valid_every_key": (
        "---\nid: 2\ntitle: All\nlang: zh\ntext: \"hello world, hello rnn\"\nhidden: 8\nwindow: 5\n"
        "activation: relu\nloss: last\nseed: 7\nweights: w.safetensors\nepochs: 10\nwhh_scale: 0.5\nlr: 0.01\nclip: 1\n---\n\n"
        "## Step one\n\n```rnnscope\nview: gradients\nt: last\nphase: backward\nsubstep: dhprev\nunit: 3\nreinit: 4\n"
        "scale_whh: 2\ntrain: 5\ninput: \"hello\"\nwindow: 3\nlog_scale: true\nclip: none\nclip_value: 0.5\nlr: 0.1\nwhh: 1.5\n```\n\n"
        "Text with **bold**, `code`, $\\frac{\\partial L}{\\partial h_{t-1}} = {{norm_dh[2]}}$ and {{x_t[unit]}} {{prediction[3]}}.\n"
        "- bullet {{sigma_max}} $\\hat{y}_{t} \\mathrm{x}$\n\n## Step two\n\n```rnnscope\nwhh: orthogonal\nt: 3\ncell: gru\nlength: 4\npartner: lstm\n```\n\n"
        "## Step three\n\n```rnnscope\nview: compare\nsubstep: dgates\n```\n"
    ),
    "placeholders_bad": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## Step\n\n{{nope}} {{h_t[T]}} {{norm_dh[unit]}} {{prediction[4]}} {{x_t[-1]}} {{loss\n",
    "math_unclosed": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## Step\n\n$\\frac{a}{b $ \\hat{ \\mathrm{ _{ {{t}\n",
    "substep_phase_mismatch": "---\nid: 1\ntitle: T\nlang: en\n---\n\n## Step\n\n```rnnscope\nphase: forward\nsubstep: dh\n```\n",
    "input_outside_vocab": "---\nid: 1\ntitle: T\nlang: en\ntext: abcabcabcabc\nwindow: 3\n---\n\n## Step\n\n```rnnscope\ninput: \"xyz\"\nt: 2\n```\n",
    "crlf_line_endings": "---\r\nid: 1\r\ntitle: T\r\nlang: en\r\n---\r\n\r\n## Step\r\n\r\ntext {{loss}}\r\n",
}


def lesson_seeds():
    out = os.path.join(CORPUS, "lessons")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for lang in ["en", "zh"]:
        folder = os.path.join(ROOT, "lessons", lang)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                shutil.copy(os.path.join(folder, name), os.path.join(out, f"{lang}_{name}"))
    for name, text in LESSON_BROKEN.items():
        write(out, f"{name}.md" if name.startswith("valid_") else f"broken_{name}.md", text.encode())
    lesson = open(os.path.join(ROOT, "lessons", "en", "01-recurrent-unit.md"), "rb").read()
    write(out, "broken_truncated.md", lesson[: len(lesson) // 3])
    write(out, "broken_invalid_utf8.md", lesson[:200] + b"\xff\xfe\xc0\x80" + lesson[200:400])
    write(out, "broken_nul_in_yaml.md", b"---\nid: 1\x00\ntitle: T\nlang: en\n---\n\n## Step\n")


if __name__ == "__main__":
    safetensors_seeds()
    lesson_seeds()
