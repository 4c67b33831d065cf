"""Wrong answers that must lose points, and right answers that must get them all, for 07_transformers.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through (only because it fits the visible case alone): the
hidden tests must catch it.
"""

import textwrap

from instructor.notebooks import Answer, function_cell

TORCH = "import math\n\nimport torch\nimport torch.nn.functional as F\nfrom torch import nn"


def slides(pairs="(7, 200)", scores="(7, 1)", c="(100, 1)", out="(1, 200)"):
    return f"shape_pairs = {pairs}\nshape_scores = {scores}\nshape_c = {c}\nshape_x_t_with_c = {out}"


def scorer(body):
    return function_cell("make_scorer(features)", body, imports=TORCH)


def attend(body):
    return function_cell("attend_previous(X, t, scorer, normalize=True)", body, imports=TORCH)


ATTEND = """x_t = X[None, t]
previous = X[:t]
pairs = torch.cat([previous, x_t.expand(t, -1)], dim=1)
scores = scorer(pairs)
weights = {weights}
c = previous.T @ weights[:, None]
return torch.cat([x_t, c.T], dim=1), weights"""


def attend_with(weights="torch.softmax(scores[:, 0], dim=0) if normalize else scores[:, 0]", **changes):
    body = ATTEND.format(weights=weights)
    for old, new in changes.items():
        assert old in body, old
        body = body.replace(old, new)
    return attend(body)


def sdpa(body):
    return function_cell("scaled_dot_product_attention(Q, K, V, mask=None)", body, imports=TORCH)


SDPA = """scores = Q @ {kt} / {scale}
if mask is not None:
    scores = scores.masked_fill(~mask, float("-inf"))
weights = torch.softmax(scores, dim={dim})
if mask is not None:
    weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)
return weights @ V"""


def sdpa_with(kt="K.transpose(-2, -1)", scale="math.sqrt(Q.shape[-1])", dim="-1"):
    return sdpa(SDPA.format(kt=kt, scale=scale, dim=dim))


def masked(fill, after=""):
    """A scaled_dot_product_attention whose masking is ``fill`` (on scores) and ``after`` (on weights)."""
    return sdpa(f"scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])\nif mask is not None:\n    {fill}\n"
                f"weights = torch.softmax(scores, dim=-1)\nif mask is not None:\n    {after or 'pass'}\n"
                "return weights @ V")


def causal(body):
    return function_cell("causal_mask(length)", body, imports=TORCH)


def mha_shapes(out="(5, 2, 12)", weights="(2, 5, 7)", per_head="(2, 3, 5, 7)"):
    return f"shape_mha_out = {out}\nshape_mha_weights = {weights}\nshape_mha_weights_per_head = {per_head}"


MHA_SIGNATURE = ("multi_head_attention(query, key, value, num_heads, in_proj_weight, in_proj_bias, out_proj_weight, "
                 "out_proj_bias, mask=None)")
MHA = """batch, length, embed_dim = query.shape
heads = {heads}
head_dim = embed_dim // heads
W_q, W_k, W_v = in_proj_weight.chunk(3)
b_q, b_k, b_v = in_proj_bias.chunk(3)
q = {project}(query, W_q, b_q)
k = {project}({key}, W_k, b_k)
v = {project}({value}, W_v, b_v)
q, k, v = [x.reshape(batch, x.shape[1], heads, head_dim).transpose(1, 2) for x in (q, k, v)]
{split}
merged = F.scaled_dot_product_attention(q, k, v, attn_mask={mask}{scale})
merged = {merge}
return {output}"""


def mha(body):
    return function_cell(MHA_SIGNATURE, body, imports=TORCH)


def mha_with(heads="num_heads", project="F.linear", key="key", value="value", split="", mask="mask", scale="",
             merge="merged.transpose(1, 2).reshape(batch, length, embed_dim)",
             output="F.linear(merged, out_proj_weight, out_proj_bias)"):
    return mha(MHA.format(heads=heads, project=project, key=key, value=value, split=split, mask=mask, scale=scale,
                          merge=merge, output=output))


def positions(body):
    return function_cell("sinusoidal_positions(length, dim)", body, imports=TORCH)


POSITIONS = """p = torch.arange({start}, length + {start}, dtype=torch.float32)[:, None]
i = torch.arange(0, dim, 2, dtype=torch.float32)
angles = p / 10000 ** ({exponent})
table = torch.zeros(length, dim)
table[:, 0::2] = torch.{even}(angles)
table[:, 1::2] = torch.{odd}(angles)
return table"""


def positions_with(start="0", exponent="i / dim", even="sin", odd="cos"):
    return positions(POSITIONS.format(start=start, exponent=exponent, even=even, odd=odd))


def encoder(out="(10, 32, 100)", printed="(10, 100)", count="152850"):
    return f"shape_encoder_out = {out}\nshape_printed = {printed}\nn_encoder_parameters = {count}"


TINY = """
import math

import torch
from torch import nn


class TinyTransformer(nn.Module):
    def __init__(self, vocab_size=10, max_len=8, d_model=32, nhead=4, num_layers=2, dim_feedforward=64):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, d_model)
        self.positions = nn.Embedding(max_len, d_model)
        layer = nn.TransformerEncoderLayer({layer_args})
        self.encoder = nn.TransformerEncoder(layer, {layers}, enable_nested_tensor=False)
        self.head = {head}

    def forward(self, tokens):
        where = torch.arange(tokens.shape[1], device=tokens.device)
        h = {embed}
        h = {encode}
        return {out}
"""


def tiny(layer_args="d_model, nhead, dim_feedforward, batch_first=True", layers="num_layers",
         head="nn.Linear(d_model, vocab_size)", embed="self.tokens(tokens) + self.positions(where)",
         encode="self.encoder(h)", out="self.head(h)"):
    return TINY.format(layer_args=layer_args, layers=layers, head=head, embed=embed, encode=encode, out=out)


HAND_BLOCK = """
import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    \"\"\"A pre-norm transformer block written out, with GELU.\"\"\"

    def __init__(self, d_model, nhead, dim_feedforward):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attention = nn.MultiheadAttention(d_model, nhead, batch_first=True)
        self.up, self.down = nn.Linear(d_model, dim_feedforward), nn.Linear(dim_feedforward, d_model)

    def forward(self, x):
        y = self.norm1(x)
        x = x + self.attention(y, y, y, need_weights=False)[0]
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class TinyTransformer(nn.Module):
    def __init__(self, vocab_size=10, max_len=8, d_model=32, nhead=4, num_layers=2, dim_feedforward=64):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.where = nn.Parameter(torch.randn(max_len, d_model) * 0.5)
        self.blocks = nn.ModuleList([Block(d_model, nhead, dim_feedforward) for _ in range(num_layers)])
        self.norm = nn.LayerNorm(d_model)
        self.out = nn.Linear(d_model, vocab_size)

    def forward(self, tokens):
        x = self.embed(tokens) + self.where[:tokens.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.out(self.norm(x))
"""

WRONG = [
    # slides_shapes
    Answer("slides_shapes", "concatenation does not widen the rows", slides(pairs="(7, 100)")),
    Answer("slides_shapes", "x_t counted among the previous steps", slides(pairs="(8, 200)", scores="(8, 1)")),
    Answer("slides_shapes", "scores without their last axis", slides(scores="(7,)")),
    Answer("slides_shapes", "c not transposed", slides(c="(1, 100)")),
    Answer("slides_shapes", "context stacked under x_t", slides(out="(2, 100)")),
    Answer("slides_shapes", "leading axis of x_t forgotten", slides(out="(200,)")),
    # scorer
    Answer("scorer", "no ReLUs", scorer(
        "return nn.Sequential(nn.Linear(2 * features, 50), nn.Linear(50, 30), nn.Linear(30, 1))")),
    Answer("scorer", "a ReLU after the score too", scorer(
        "return nn.Sequential(nn.Linear(2 * features, 50), nn.ReLU(), nn.Linear(50, 30), nn.ReLU(), "
        "nn.Linear(30, 1), nn.ReLU())")),
    Answer("scorer", "reads features, not 2 * features", scorer(
        "return nn.Sequential(nn.Linear(features, 50), nn.ReLU(), nn.Linear(50, 30), nn.ReLU(), nn.Linear(30, 1))")),
    Answer("scorer", "hidden sizes swapped", scorer(
        "return nn.Sequential(nn.Linear(2 * features, 30), nn.ReLU(), nn.Linear(30, 50), nn.ReLU(),\n"
        "                     nn.Linear(50, 1))")),
    Answer("scorer", "tanh instead of ReLU", scorer(
        "return nn.Sequential(nn.Linear(2 * features, 50), nn.Tanh(), nn.Linear(50, 30), nn.Tanh(),\n"
        "                     nn.Linear(30, 1))")),
    Answer("scorer", "hard-coded for six features", scorer(
        "return nn.Sequential(nn.Linear(12, 50), nn.ReLU(), nn.Linear(50, 30), nn.ReLU(), nn.Linear(30, 1))"),
        passes_visible="hard-codes the twelve inputs of the visible make_scorer(6)"),
    # attend
    Answer("attend", "x_t among the previous steps", attend_with(
        **{"previous = X[:t]": "previous = X[:t + 1]", "x_t.expand(t, -1)": "x_t.expand(t + 1, -1)"})),
    Answer("attend", "scorer given [x_t, x_i]", attend_with(
        **{"torch.cat([previous, x_t.expand(t, -1)], dim=1)": "torch.cat([x_t.expand(t, -1), previous], dim=1)"})),
    Answer("attend", "context before x_t", attend_with(
        **{"torch.cat([x_t, c.T], dim=1)": "torch.cat([c.T, x_t], dim=1)"})),
    Answer("attend", "weights returned as a (t, 1) column", attend_with(
        weights="torch.softmax(scores, dim=0) if normalize else scores",
        **{"weights[:, None]": "weights"})),
    Answer("attend", "context is the plain mean", attend_with(
        **{"c = previous.T @ weights[:, None]": "c = previous.mean(dim=0)[:, None]"})),
    Answer("attend", "normalize ignored: always the raw scores", attend_with(weights="scores[:, 0]")),
    Answer("attend", "normalize ignored: always the softmax",
           attend_with(weights="torch.softmax(scores[:, 0], dim=0)")),
    Answer("attend", "softmax over the axis of size one", attend_with(
        weights="torch.softmax(scores, dim=1)[:, 0] if normalize else scores[:, 0]")),
    Answer("attend", "sigmoid instead of softmax", attend_with(
        weights="torch.sigmoid(scores[:, 0]) if normalize else scores[:, 0]")),
    Answer("attend", "weights divided by their sum", attend_with(
        weights="scores[:, 0] / scores[:, 0].sum() if normalize else scores[:, 0]")),
    Answer("attend", "context from the step just before t only", attend_with(
        **{"c = previous.T @ weights[:, None]": "c = (weights[-1] * previous[-1])[:, None]"})),
    # sdpa
    Answer("sdpa", "no scaling", sdpa_with(scale="1.0")),
    Answer("sdpa", "divided by d_k", sdpa_with(scale="Q.shape[-1]")),
    Answer("sdpa", "divided by sqrt(d_v)", sdpa_with(scale="math.sqrt(V.shape[-1])")),
    Answer("sdpa", "divided by sqrt(S)", sdpa_with(scale="math.sqrt(K.shape[-2])")),
    Answer("sdpa", "softmax over the queries", sdpa_with(dim="-2")),
    Answer("sdpa", "softmax over dim=1", sdpa_with(dim="1")),
    Answer("sdpa", "K.T", sdpa_with(kt="K.T")),
    Answer("sdpa", "K.transpose(1, 2)", sdpa_with(kt="K.transpose(1, 2)")),
    Answer("sdpa", "torch.bmm", sdpa(
        "scores = torch.bmm(Q, K.transpose(1, 2)) / math.sqrt(Q.shape[-1])\nif mask is not None:\n"
        "    scores = scores.masked_fill(~mask, float('-inf'))\nreturn torch.bmm(torch.softmax(scores, dim=-1), V)")),
    Answer("sdpa", "returns the weights", sdpa(
        "scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])\nif mask is not None:\n"
        "    scores = scores.masked_fill(~mask, float('-inf'))\nreturn torch.softmax(scores, dim=-1)")),
    Answer("sdpa", "softmax by hand without the shift", sdpa(
        "scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])\nif mask is not None:\n"
        "    scores = scores.masked_fill(~mask, float('-inf'))\ne = torch.exp(scores)\n"
        "weights = (e / e.sum(dim=-1, keepdim=True)).nan_to_num(0.0)\nreturn weights @ V")),
    Answer("sdpa", "calls PyTorch's function", sdpa("return F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)")),
    Answer("sdpa", "mask ignored", masked("pass")),
    Answer("sdpa", "mask inverted", masked("scores = scores.masked_fill(mask, float('-inf'))")),
    Answer("sdpa", "mask applied after the softmax", masked("pass", "weights = weights * mask")),
    Answer("sdpa", "mask added as 0 and 1", masked("scores = scores + mask.float()")),
    Answer("sdpa", "boolean indexing does not broadcast", masked(
        "scores = scores.clone()\n    scores[~mask] = float('-inf')",
        "weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)")),
    Answer("sdpa", "fully masked rows give NaN", masked("scores = scores.masked_fill(~mask, float('-inf'))")),
    Answer("sdpa", "large negative number: fully masked rows average every value", masked(
        "scores = scores.masked_fill(~mask, -1e9)")),
    # causal_mask
    Answer("causal_mask", "transpose forgotten: the future is visible", causal(
        "allowed = torch.triu(torch.ones(length, length)) == 1\n"
        "return allowed.float().masked_fill(~allowed, float('-inf')).masked_fill(allowed, 0.0)")),
    Answer("causal_mask", "a step cannot see itself", causal(
        "allowed = torch.tril(torch.ones(length, length), diagonal=-1) == 1\n"
        "return torch.zeros(length, length).masked_fill(~allowed, float('-inf'))")),
    Answer("causal_mask", "boolean mask returned", causal("return torch.tril(torch.ones(length, length)) == 1")),
    Answer("causal_mask", "ones and zeros", causal("return torch.tril(torch.ones(length, length))")),
    Answer("causal_mask", "large negative number instead of -inf", causal(
        "return torch.triu(torch.full((length, length), -1e9), diagonal=1)")),
    Answer("causal_mask", "float64", causal(
        "return torch.triu(torch.full((length, length), float('-inf'), dtype=torch.float64), diagonal=1)")),
    Answer("causal_mask", "calls PyTorch's function",
           causal("return nn.Transformer.generate_square_subsequent_mask(length)")),
    Answer("causal_mask", "hard-coded for five steps", causal(
        "return torch.triu(torch.full((5, 5), float('-inf')), diagonal=1)"),
        passes_visible="hard-codes the size 5 of the visible example"),
    # mha_shapes
    Answer("mha_shapes", "batch first", mha_shapes(out="(2, 5, 12)")),
    Answer("mha_shapes", "one output per key", mha_shapes(out="(7, 2, 12)")),
    Answer("mha_shapes", "weights per head by default", mha_shapes(weights="(2, 3, 5, 7)")),
    Answer("mha_shapes", "weights sequence-first", mha_shapes(weights="(5, 2, 7)")),
    Answer("mha_shapes", "heads before the batch", mha_shapes(per_head="(3, 2, 5, 7)")),
    Answer("mha_shapes", "per-head weights averaged", mha_shapes(per_head="(2, 5, 7)")),
    # mha
    Answer("mha", "calls nn.MultiheadAttention", mha(
        "layer = nn.MultiheadAttention(query.shape[-1], num_heads, batch_first=True)\n"
        "layer.in_proj_weight.data, layer.in_proj_bias.data = in_proj_weight, in_proj_bias\n"
        "layer.out_proj.weight.data, layer.out_proj.bias.data = out_proj_weight, out_proj_bias\n"
        "return layer(query, key, value, attn_mask=None if mask is None else ~mask, need_weights=False)[0]")),
    Answer("mha", "one head", mha_with(heads="1")),
    Answer("mha", "hard-coded three heads", mha_with(heads="3"),
           passes_visible="hard-codes the three heads of the visible example"),
    Answer("mha", "heads split without the transpose", mha_with(
        split="q, k, v = [x.transpose(1, 2).reshape(batch, heads, x.shape[2], head_dim) for x in (q, k, v)]")),
    Answer("mha", "heads merged without the transpose", mha_with(merge="merged.reshape(batch, length, embed_dim)")),
    Answer("mha", "scores divided by sqrt(E)", mha_with(scale=", scale=1 / math.sqrt(embed_dim)")),
    Answer("mha", "no output projection", mha_with(output="merged")),
    Answer("mha", "no biases", mha_with(project="(lambda x, W, b: x @ W.T)",
                                        output="merged @ out_proj_weight.T")),
    Answer("mha", "weights not transposed", mha_with(project="(lambda x, W, b: x @ W + b)")),
    Answer("mha", "keys and values from the query", mha_with(key="query", value="query")),
    Answer("mha", "mask ignored", mha_with(mask="None")),
    Answer("mha", "mask inverted", mha_with(mask="None if mask is None else ~mask")),
    # positions
    Answer("positions", "sin and cos swapped", positions_with(even="cos", odd="sin")),
    Answer("positions", "exponent i / dim with i counting pairs", positions_with(exponent="(i / 2) / dim")),
    Answer("positions", "positions from 1", positions_with(start="1")),
    Answer("positions", "two halves instead of interleaved", positions(
        "p = torch.arange(length, dtype=torch.float32)[:, None]\n"
        "angles = p / 10000 ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim)\n"
        "return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)")),
    Answer("positions", "integer division in the exponent", positions(
        "p = torch.arange(length)[:, None]\ni = torch.arange(0, dim, 2)\n"
        "angles = p / 10000 ** (i // dim)\ntable = torch.zeros(length, dim)\n"
        "table[:, 0::2], table[:, 1::2] = torch.sin(angles), torch.cos(angles)\nreturn table")),
    Answer("positions", "NumPy array", """
        import numpy as np

        def sinusoidal_positions(length, dim):
            angles = np.arange(length)[:, None] / 10000 ** (np.arange(0, dim, 2) / dim)
            table = np.zeros((length, dim), dtype=np.float32)
            table[:, 0::2], table[:, 1::2] = np.sin(angles), np.cos(angles)
            return table
        """),
    Answer("positions", "float64", positions(POSITIONS.format(start="0", exponent="i / dim", even="sin", odd="cos")
                                             .replace("torch.float32", "torch.float64")
                                             .replace("torch.zeros(length, dim)",
                                                      "torch.zeros(length, dim, dtype=torch.float64)"))),
    # encoder_shapes
    Answer("encoder_shapes", "batch first", encoder(out="(32, 10, 100)")),
    Answer("encoder_shapes", "hidden_nodes features out", encoder(out="(10, 32, 50)")),
    Answer("encoder_shapes", "out[:, 0] read as the first step", encoder(printed="(32, 100)")),
    Answer("encoder_shapes", "one layer only", encoder(count="50950")),
    Answer("encoder_shapes", "LayerNorms forgotten", encoder(count="151650")),
    Answer("encoder_shapes", "one projection in the attention", encoder(count="92250")),
    Answer("encoder_shapes", "PyTorch's default feed-forward width", encoder(count="1357644")),
    Answer("encoder_shapes", "count as a float", encoder(count="152850.0")),
    # tiny
    Answer("tiny", "no positions", tiny(embed="self.tokens(tokens)")),
    Answer("tiny", "the same position vector everywhere",
           tiny(embed="self.tokens(tokens) + self.positions(where * 0)")),
    Answer("tiny", "causal mask", tiny(
        encode="self.encoder(h, mask=nn.Transformer.generate_square_subsequent_mask(h.shape[1]), is_causal=True)")),
    Answer("tiny", "sequence-first layers fed batch-first tokens", tiny(
        layer_args="d_model, nhead, dim_feedforward")),
    Answer("tiny", "softmax at the end", tiny(out="torch.softmax(self.head(h), dim=-1)")),
    Answer("tiny", "no output layer", tiny(out="h")),
    Answer("tiny", "positions for max_len only", tiny(embed="self.tokens(tokens) + self.positions.weight")),
    Answer("tiny", "one layer whatever num_layers", tiny(layers="1")),
    Answer("tiny", "hard-coded two layers", tiny(layers="2"),
           passes_visible="hard-codes the two layers of the visible TinyTransformer()"),
    Answer("tiny", "hard-coded four heads", tiny(layer_args="d_model, 4, dim_feedforward, batch_first=True"),
           passes_visible="hard-codes the four heads of the visible TinyTransformer()"),
    Answer("tiny", "positions indexed by the batch", tiny(
        embed="self.tokens(tokens) + self.positions(torch.arange(tokens.shape[0]) % self.positions.num_embeddings)"
              "[:, None]")),
    Answer("tiny", "no attention: a feed-forward network over the whole string", """
        import torch
        from torch import nn


        class TinyTransformer(nn.Module):
            def __init__(self, vocab_size=10, max_len=8, d_model=32, nhead=4, num_layers=2, dim_feedforward=64):
                super().__init__()
                self.vocab_size, self.max_len = vocab_size, max_len
                self.tokens = nn.Embedding(vocab_size, d_model)
                self.net = nn.Sequential(nn.Flatten(), nn.Linear(max_len * d_model, dim_feedforward), nn.ReLU(),
                                         nn.Linear(dim_feedforward, max_len * vocab_size))

            def forward(self, tokens):
                length = tokens.shape[1]
                padded = nn.functional.pad(tokens, (0, self.max_len - length))
                logits = self.net(self.tokens(padded)).reshape(len(tokens), self.max_len, self.vocab_size)
                return logits[:, :length]
        """),
]

RIGHT = [
    # slides_shapes
    Answer("slides_shapes", "computed", "import torch\nfrom torch import nn\n"
           "features, t = 100, 7\nX = torch.rand(10, features)\n"
           "attn = nn.Sequential(nn.Linear(2 * features, 50), nn.ReLU(), nn.Linear(50, 30), nn.ReLU(),\n"
           "                     nn.Linear(30, 1))\n"
           "pairs = torch.cat([X[:t], X[None, t].expand(t, -1)], dim=1)\nscores = attn(pairs)\nc = X[:t].T @ scores\n"
           "shape_pairs, shape_scores, shape_c = pairs.shape, scores.shape, c.shape\n"
           "shape_x_t_with_c = torch.cat([X[None, t], c.T], dim=1).shape"),
    Answer("slides_shapes", "lists and arithmetic", slides("[7, 2 * 100]", "[7, 1]", "[100, 1]", "[1, 2 * 100]")),
    # scorer
    Answer("scorer", "layers in a list", scorer(
        "sizes = [2 * features, 50, 30]\nlayers = []\nfor a, b in zip(sizes, sizes[1:]):\n"
        "    layers += [nn.Linear(a, b), nn.ReLU(inplace=True)]\nreturn nn.Sequential(*layers, nn.Linear(30, 1))")),
    Answer("scorer", "a module of its own", """
        import torch
        from torch import nn


        class Scorer(nn.Module):
            def __init__(self, features):
                super().__init__()
                self.first, self.second, self.last = nn.Linear(2 * features, 50), nn.Linear(50, 30), nn.Linear(30, 1)

            def forward(self, pairs):
                return self.last(torch.relu(self.second(torch.relu(self.first(pairs)))))


        def make_scorer(features):
            return Scorer(features)
        """),
    # attend
    Answer("attend", "a loop over the previous steps", attend(
        "x_t = X[t]\nscores = torch.stack([scorer(torch.cat([X[i], x_t])[None])[0, 0] for i in range(t)])\n"
        "weights = scores.softmax(dim=0) if normalize else scores\n"
        "c = sum(w * X[i] for i, w in enumerate(weights))\nreturn torch.cat([x_t, c])[None], weights")),
    Answer("attend", "manual softmax with the shift, and einsum", attend(
        "previous, x_t = X[:t], X[t]\ns = scorer(torch.hstack([previous, x_t.repeat(t, 1)])).flatten()\n"
        "if normalize:\n    e = torch.exp(s - s.max())\n    s = e / e.sum()\n"
        "return torch.cat([x_t, torch.einsum('i,if->f', s, previous)]).unsqueeze(0), s")),
    Answer("attend", "the slides' lines, then squeeze", attend(
        "x_t = X[None, t]\npre_t_xs = X[:t]\npre_t_xs_w_x_t = torch.cat([pre_t_xs, x_t.expand(t, -1)], dim=1)\n"
        "scores = scorer(pre_t_xs_w_x_t)\nif normalize:\n    scores = torch.softmax(scores, dim=0)\n"
        "c = pre_t_xs.T @ scores\nreturn torch.cat([x_t, c.T], dim=1), scores.squeeze(1)")),
    # sdpa
    Answer("sdpa", "torch.where and a manual softmax", sdpa(
        "scores = torch.matmul(Q, K.mT) / Q.shape[-1] ** 0.5\nif mask is not None:\n"
        "    scores = torch.where(mask, scores, torch.tensor(float('-inf'), dtype=scores.dtype))\n"
        "top = scores.amax(dim=-1, keepdim=True)\ntop = torch.where(torch.isinf(top), torch.zeros_like(top), top)\n"
        "e = torch.exp(scores - top)\ntotal = e.sum(dim=-1, keepdim=True)\n"
        "weights = torch.where(total > 0, e / total.clamp(min=1e-30), torch.zeros_like(e))\nreturn weights @ V")),
    Answer("sdpa", "float mask added, NaN replaced", sdpa(
        "bias = torch.zeros(()) if mask is None else torch.zeros(mask.shape).masked_fill(~mask, float('-inf'))\n"
        "scores = Q @ K.transpose(-1, -2) / math.sqrt(K.shape[-1]) + bias.to(Q.dtype)\n"
        "return torch.nan_to_num(torch.softmax(scores, dim=-1), nan=0.0) @ V")),
    Answer("sdpa", "large negative number, then the mask on the weights", masked(
        "scores = scores.masked_fill(~mask, -1e9)", "weights = weights * mask")),
    Answer("sdpa", "einsum", sdpa(
        "scores = torch.einsum('...ld,...sd->...ls', Q, K) / math.sqrt(Q.size(-1))\n"
        "if mask is not None:\n    scores = scores.masked_fill(mask.logical_not(), -math.inf)\n"
        "weights = scores.softmax(-1)\nif mask is not None:\n    weights = weights.nan_to_num(0.0)\n"
        "return torch.einsum('...ls,...sd->...ld', weights, V)")),
    Answer("sdpa", "leading axes flattened for torch.bmm", sdpa(
        "lead, (L, d), S = Q.shape[:-2], Q.shape[-2:], K.shape[-2]\n"
        "q, k, v = Q.reshape(-1, L, d), K.reshape(-1, S, d), V.reshape(-1, S, V.shape[-1])\n"
        "scores = torch.bmm(q, k.transpose(1, 2)) / math.sqrt(d)\nif mask is not None:\n"
        "    m = mask.expand(*lead, L, S).reshape(-1, L, S)\n    scores = scores.masked_fill(~m, float('-inf'))\n"
        "weights = torch.softmax(scores, dim=2)\nweights = torch.where(torch.isnan(weights), 0.0, weights)\n"
        "return torch.bmm(weights, v).reshape(*lead, L, V.shape[-1])")),
    Answer("sdpa", "copies its inputs with torch.tensor (PyTorch warns)", sdpa(
        "Q, K, V = (torch.tensor(x, dtype=torch.float64) for x in (Q, K, V))\n"
        "scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])\nif mask is not None:\n"
        "    scores = scores.masked_fill(~mask, float('-inf'))\n"
        "weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)\nreturn weights @ V")),
    # causal_mask
    Answer("causal_mask", "triu with diagonal 1", causal(
        "return torch.triu(torch.full((length, length), float('-inf')), diagonal=1)")),
    Answer("causal_mask", "comparison of positions and torch.where", causal(
        "steps = torch.arange(length)\n"
        "return torch.where(steps[None, :] <= steps[:, None], 0.0, float('-inf'))")),
    Answer("causal_mask", "a loop", causal(
        "mask = torch.zeros(length, length)\nfor t in range(length):\n    mask[t, t + 1:] = -math.inf\nreturn mask")),
    # mha_shapes
    Answer("mha_shapes", "computed", "import torch\nfrom torch import nn\n"
           "layer = nn.MultiheadAttention(12, 3)\nq, kv = torch.rand(5, 2, 12), torch.rand(7, 2, 12)\n"
           "out, w = layer(q, kv, kv)\n_, w_heads = layer(q, kv, kv, average_attn_weights=False)\n"
           "shape_mha_out, shape_mha_weights, shape_mha_weights_per_head = out.shape, w.shape, w_heads.shape"),
    # mha
    Answer("mha", "your own scaled_dot_product_attention", mha_with().replace(
        "F.scaled_dot_product_attention(q, k, v, attn_mask=mask)", "scaled_dot_product_attention(q, k, v, mask)")),
    Answer("mha", "a loop over the heads", mha(
        "E = query.shape[-1]\nd = E // num_heads\nW_q, W_k, W_v = in_proj_weight.split(E)\n"
        "b_q, b_k, b_v = in_proj_bias.split(E)\nouts = []\nfor h in range(num_heads):\n"
        "    part = slice(h * d, (h + 1) * d)\n    q = query @ W_q[part].T + b_q[part]\n"
        "    k = key @ W_k[part].T + b_k[part]\n    v = value @ W_v[part].T + b_v[part]\n"
        "    scores = q @ k.transpose(1, 2) / math.sqrt(d)\n    if mask is not None:\n"
        "        scores = scores.masked_fill(~mask, float('-inf'))\n"
        "    outs.append(torch.softmax(scores, dim=-1) @ v)\n"
        "return torch.cat(outs, dim=-1) @ out_proj_weight.T + out_proj_bias")),
    Answer("mha", "einsum and a float mask", mha(
        "B, L, E = query.shape\nS, h = key.shape[1], num_heads\nd = E // h\n"
        "qkv = [torch.einsum('bse,fe->bsf', x, W) + b for x, W, b in\n"
        "       zip((query, key, value), in_proj_weight.chunk(3), in_proj_bias.chunk(3))]\n"
        "q, k, v = [x.view(B, -1, h, d).permute(0, 2, 1, 3) for x in qkv]\n"
        "scores = torch.einsum('bhld,bhsd->bhls', q, k) / d ** 0.5\nif mask is not None:\n"
        "    scores = scores + torch.zeros(L, S, dtype=scores.dtype).masked_fill(~mask, float('-inf'))\n"
        "heads = torch.einsum('bhls,bhsd->bhld', scores.softmax(-1), v)\n"
        "return heads.permute(0, 2, 1, 3).reshape(B, L, E) @ out_proj_weight.T + out_proj_bias")),
    # positions
    Answer("positions", "exp and log, with stacking", positions(
        "p = torch.arange(length).float().unsqueeze(1)\n"
        "rates = torch.exp(-math.log(10000.0) * torch.arange(0, dim, 2).float() / dim)\n"
        "pairs = torch.stack([torch.sin(p * rates), torch.cos(p * rates)], dim=-1)\n"
        "return pairs.reshape(length, dim)")),
    Answer("positions", "two loops", positions(
        "table = torch.zeros(length, dim)\nfor p in range(length):\n    for i in range(dim // 2):\n"
        "        angle = p / 10000 ** (2 * i / dim)\n        table[p, 2 * i] = math.sin(angle)\n"
        "        table[p, 2 * i + 1] = math.cos(angle)\nreturn table")),
    Answer("positions", "NumPy, then a tensor", """
        import numpy as np
        import torch

        def sinusoidal_positions(length, dim):
            angles = np.arange(length)[:, None] / np.power(10000.0, np.arange(0, dim, 2) / dim)
            table = np.empty((length, dim))
            table[:, 0::2], table[:, 1::2] = np.sin(angles), np.cos(angles)
            return torch.from_numpy(table).float()
        """),
    # encoder_shapes
    Answer("encoder_shapes", "computed", "import torch\nfrom torch import nn\n"
           "enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(100, 5, 50), 3)\n"
           "out = enc(torch.rand(10, 32, 100), nn.Transformer.generate_square_subsequent_mask(10))\n"
           "shape_encoder_out, shape_printed = tuple(out.shape), tuple(out[:, 0].shape)\n"
           "n_encoder_parameters = sum(p.numel() for p in enc.parameters())"),
    Answer("encoder_shapes", "written out", encoder(count="152_850")),
    # tiny
    Answer("tiny", "sinusoidal positions and dropout 0", tiny(
        layer_args="d_model, nhead, dim_feedforward, dropout=0.0, batch_first=True",
        embed="self.tokens(tokens) + sinusoidal_positions(tokens.shape[1], self.head.in_features).to(tokens.device)")),
    Answer("tiny", "pre-norm, GELU and scaled embeddings", tiny(
        layer_args="d_model, nhead, dim_feedforward, activation='gelu', norm_first=True, batch_first=True",
        embed="self.tokens(tokens) * math.sqrt(self.head.in_features) + self.positions(where)")),
    Answer("tiny", "sequence-first layers with transposes", tiny(
        layer_args="d_model, nhead, dim_feedforward", encode="self.encoder(h.transpose(0, 1)).transpose(0, 1)")),
    Answer("tiny", "a hand-written pre-norm block with nn.MultiheadAttention", HAND_BLOCK),
]

# The forgotten-device test (tests/test_device.py): TinyTransformer trains on `device`. Positions
# made with torch.arange(n) stay on the CPU, which works on a CPU and crashes on a GPU.
WHERE = "where = torch.arange(tokens.shape[1], device=tokens.device)"
FORGETS_DEVICE = [
    Answer("tiny", "positions left on the CPU (crashes on a GPU)", tiny().replace(
        WHERE, "where = torch.arange(tokens.shape[1])")),
    Answer("tiny", "positions from torch.tensor(range(n)), left on the CPU", tiny().replace(
        WHERE, "where = torch.tensor(list(range(tokens.shape[1])))")),
]
WRONG += FORGETS_DEVICE
DEVICE_PROBES = {
    # setup: the imports, and sinusoidal_positions of the earlier exercise (a right answer uses it)
    "tiny": {"setup": TORCH + "\n" + textwrap.dedent(positions_with()) + "\n", "run": """
def call(device):
    torch.manual_seed(0)
    model = TinyTransformer().to(device)
    return model(torch.randint(10, (3, 8)).to(device))  # the tokens moved, as the training loop moves them
"""},
}
