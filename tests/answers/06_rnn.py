"""Wrong answers that must lose points, and right answers that must get them all, for 06_rnn.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason: only the hidden tests catch it.
"""

from instructor.notebooks import Answer, function_cell

# --- rnn_forward ------------------------------------------------------------------------


def forward(body, imports="import numpy as np"):
    return function_cell("rnn_forward(x, W_h, U_h, b_h, h0=None)", body, imports)


LOOP = """h = {start}
states = []
for {index} in {steps}:
    h = {update}
    states.append(h)
return {result}"""


def loop(start="np.zeros(U_h.shape[0]) if h0 is None else h0", index="x_t", steps="x",
         update="np.tanh(W_h @ x_t + U_h @ h + b_h)", result="np.array(states)"):
    return forward(LOOP.format(start=start, index=index, steps=steps, update=update, result=result))


# --- rnn_shapes ---------------------------------------------------------------------------


def shapes(numpy="(10, 50)", out="(10, 32, 50)", last_h="(1, 32, 50)"):
    return f"shape_numpy_out = {numpy}\nshape_torch_out = {out}\nshape_torch_last_h = {last_h}"


# --- copy_into_rnn ----------------------------------------------------------------------


def copy(body):
    return function_cell("copy_into_rnn(rnn, W_h, U_h, b_h)", body, "import torch\nfrom torch import nn")


def copy_no_grad(ih="W_h", hh="U_h", bias_ih="b_h", bias_hh=None):
    lines = ["with torch.no_grad():",
             f"    rnn.weight_ih_l0.copy_(torch.as_tensor({ih}))",
             f"    rnn.weight_hh_l0.copy_(torch.as_tensor({hh}))",
             f"    rnn.bias_ih_l0.copy_(torch.as_tensor({bias_ih}))",
             "    rnn.bias_hh_l0.zero_()" if bias_hh is None
             else f"    rnn.bias_hh_l0.copy_(torch.as_tensor({bias_hh}))"]
    return copy("\n".join(lines))


# --- rnn_forward_batch ---------------------------------------------------------------------


def batch(body, imports="import numpy as np"):
    return function_cell("rnn_forward_batch(X, W_h, U_h, b_h, h0=None)", body, imports)


BATCH_LOOP = """seq_len, size, _ = X.shape
H = {start}
out = np.empty((seq_len, size, U_h.shape[0]))
for t in range(seq_len):
    H = {update}
    out[t] = H
return {result}"""


def batch_loop(start="np.zeros((size, U_h.shape[0])) if h0 is None else h0",
               update="np.tanh(X[t] @ W_h.T + H @ U_h.T + b_h)", result="out, H"):
    return batch(BATCH_LOOP.format(start=start, update=update, result=result))


# --- gradient_norms -----------------------------------------------------------------------


def grads(body):
    return function_cell("gradient_norms(f, x)", body, "import numpy as np\nimport torch")


CLONE = "x = x.detach().clone().requires_grad_(True)\n"

# --- lstm_cell ------------------------------------------------------------------------------


def cell(gates="i, f, g, o", activations="torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)",
         pre="x @ W_ih.T + b_ih + h @ W_hh.T + b_hh", c_new="f * c + i * g", h_new="o * torch.tanh(c_new)"):
    return function_cell("lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)", f"""gates = {pre}
{gates} = gates.chunk(4, dim=1)
i, f, g, o = {activations}
c_new = {c_new}
h_new = {h_new}
return h_new, c_new""", "import torch")


# --- LSTMClassifier -------------------------------------------------------------------------

CLASSIFIER = """
import torch
import torch.nn.functional as F
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self, input_size=10, hidden_size=50, num_classes=7):
        super().__init__()
        self.lstm = {lstm}
        self.fc = {fc}

    def forward(self, x):
        {body}
"""


def classifier(body="out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out[-1])", lstm="nn.LSTM(input_size, hidden_size)",
               fc="nn.Linear(hidden_size, num_classes)"):
    return CLASSIFIER.format(lstm=lstm, fc=fc, body="\n        ".join(body.split("\n")))


# --- sequence_loss ----------------------------------------------------------------------


def loss(body):
    return function_cell("sequence_loss(logits, targets)", body, "import torch\nimport torch.nn.functional as F")


WRONG = [
    # rnn_forward
    Answer("rnn_forward", "no tanh", loop(update="W_h @ x_t + U_h @ h + b_h")),
    Answer("rnn_forward", "sigmoid instead of tanh", loop(update="1 / (1 + np.exp(-(W_h @ x_t + U_h @ h + b_h)))")),
    Answer("rnn_forward", "h0 ignored", loop(start="np.zeros(U_h.shape[0])")),
    Answer("rnn_forward", "U_h transposed (h @ U_h)", loop(update="np.tanh(W_h @ x_t + h @ U_h + b_h)")),
    Answer("rnn_forward", "the state is not fed back", loop(
        update="np.tanh(W_h @ x_t + U_h @ (np.zeros(U_h.shape[0]) if h0 is None else h0) + b_h)")),
    Answer("rnn_forward", "only the last state", loop(result="h")),
    Answer("rnn_forward", "h0 kept as the first row", loop(
        start="np.zeros(U_h.shape[0]) if h0 is None else np.asarray(h0, dtype=float)",
        result="np.array([np.zeros(U_h.shape[0]) if h0 is None else h0] + states)")),
    Answer("rnn_forward", "states as columns", loop(result="np.array(states).T")),
    Answer("rnn_forward", "bias at the first step only", loop(
        index="t, x_t", steps="enumerate(x)", update="np.tanh(W_h @ x_t + U_h @ h + (b_h if t == 0 else 0))")),
    Answer("rnn_forward", "W_h transposed", loop(update="np.tanh(W_h.T @ x_t + U_h @ h + b_h)")),
    Answer("rnn_forward", "written with PyTorch", """
        import numpy as np
        import torch

        def rnn_forward(x, W_h, U_h, b_h, h0=None):
            x, W, U, b = (torch.as_tensor(a, dtype=torch.float64) for a in (x, W_h, U_h, b_h))
            h = torch.zeros(U.shape[0], dtype=torch.float64) if h0 is None else torch.as_tensor(h0)
            states = []
            for x_t in x:
                h = torch.tanh(W @ x_t + U @ h + b)
                states.append(h)
            return torch.stack(states).numpy()
        """),
    # rnn_shapes
    Answer("rnn_shapes", "the slide's out transposed", shapes(numpy="(50, 10)")),
    Answer("rnn_shapes", "the slide's loop read as the whole batch", shapes(numpy="(10, 32, 50)")),
    Answer("rnn_shapes", "features instead of hidden units", shapes(numpy="(10, 100)")),
    Answer("rnn_shapes", "nn.RNN's out batch first", shapes(out="(32, 10, 50)")),
    Answer("rnn_shapes", "nn.RNN's out for one sequence", shapes(out="(10, 50)")),
    Answer("rnn_shapes", "last_h without the layer axis", shapes(last_h="(32, 50)")),
    Answer("rnn_shapes", "last_h for one sequence", shapes(last_h="(1, 50)")),
    Answer("rnn_shapes", "last_h with the time axis", shapes(last_h="(10, 32, 50)")),
    Answer("rnn_shapes", "last_h with the layer axis second", shapes(last_h="(32, 1, 50)")),
    Answer("rnn_shapes", "a string", shapes(numpy="'(10, 50)'")),
    # copy_into_rnn
    Answer("copy_into_rnn", "bias_hh left as it was", copy(
        "with torch.no_grad():\n    rnn.weight_ih_l0.copy_(torch.as_tensor(W_h))\n"
        "    rnn.weight_hh_l0.copy_(torch.as_tensor(U_h))\n    rnn.bias_ih_l0.copy_(torch.as_tensor(b_h))")),
    Answer("copy_into_rnn", "b_h copied into both biases", copy_no_grad(bias_hh="b_h")),
    Answer("copy_into_rnn", "input and recurrent weights swapped", copy_no_grad(ih="U_h", hh="W_h")),
    Answer("copy_into_rnn", "U_h transposed", copy_no_grad(hh="U_h.T")),
    Answer("copy_into_rnn", "W_h transposed (square case only)", copy_no_grad(ih="W_h.T")),
    Answer("copy_into_rnn", "no torch.no_grad", copy(
        "rnn.weight_ih_l0.copy_(torch.as_tensor(W_h))\nrnn.weight_hh_l0.copy_(torch.as_tensor(U_h))\n"
        "rnn.bias_ih_l0.copy_(torch.as_tensor(b_h))\nrnn.bias_hh_l0.zero_()")),
    Answer("copy_into_rnn", "float64 data put in the parameters", copy(
        "rnn.weight_ih_l0.data = torch.as_tensor(W_h)\nrnn.weight_hh_l0.data = torch.as_tensor(U_h)\n"
        "rnn.bias_ih_l0.data = torch.as_tensor(b_h)\n"
        "rnn.bias_hh_l0.data = torch.zeros(len(b_h), dtype=torch.float64)")),
    Answer("copy_into_rnn", "plain tensors assigned", copy(
        "rnn.weight_ih_l0 = torch.tensor(W_h, dtype=torch.float32)\n"
        "rnn.weight_hh_l0 = torch.tensor(U_h, dtype=torch.float32)\n"
        "rnn.bias_ih_l0 = torch.tensor(b_h, dtype=torch.float32)\nrnn.bias_hh_l0 = torch.zeros(len(b_h))")),
    Answer("copy_into_rnn", "parameters frozen", copy(
        "for p in rnn.parameters():\n    p.requires_grad_(False)\n"
        "rnn.weight_ih_l0.copy_(torch.as_tensor(W_h))\nrnn.weight_hh_l0.copy_(torch.as_tensor(U_h))\n"
        "rnn.bias_ih_l0.copy_(torch.as_tensor(b_h))\nrnn.bias_hh_l0.zero_()")),
    # rnn_forward_batch
    Answer("rnn_forward_batch", "H @ U_h instead of H @ U_h.T", batch_loop(
        update="np.tanh(X[t] @ W_h.T + H @ U_h + b_h)")),
    Answer("rnn_forward_batch", "h0 ignored", batch_loop(start="np.zeros((size, U_h.shape[0]))")),
    Answer("rnn_forward_batch", "out only", batch_loop(result="out")),
    Answer("rnn_forward_batch", "h_last is the first step", batch_loop(result="out, out[0]")),
    Answer("rnn_forward_batch", "out batch first", batch_loop(result="out.transpose(1, 0, 2), H")),
    Answer("rnn_forward_batch", "X_t @ W_h without the transpose", batch_loop(
        update="np.tanh(X[t] @ W_h + H @ U_h.T + b_h)")),
    Answer("rnn_forward_batch", "bias at the first step only", batch_loop(
        update="np.tanh(X[t] @ W_h.T + H @ U_h.T + (b_h if t == 0 else 0))")),
    Answer("rnn_forward_batch", "a loop over the sequences of the batch", batch(
        "seq_len, size, _ = X.shape\nout = np.empty((seq_len, size, U_h.shape[0]))\nfor b in range(size):\n"
        "    h = np.zeros(U_h.shape[0]) if h0 is None else h0[b]\n    for t in range(seq_len):\n"
        "        h = np.tanh(W_h @ X[t, b] + U_h @ h + b_h)\n        out[t, b] = h\nreturn out, out[-1]")),
    Answer("rnn_forward_batch", "a comprehension over the batch at each step", batch(
        "H = np.zeros((X.shape[1], U_h.shape[0])) if h0 is None else h0\nout = []\nfor X_t in X:\n"
        "    H = np.stack([np.tanh(W_h @ x + U_h @ h + b_h) for x, h in zip(X_t, H)])\n    out.append(H)\n"
        "return np.array(out), H")),
    Answer("rnn_forward_batch", "written with PyTorch", """
        import numpy as np
        import torch

        def rnn_forward_batch(X, W_h, U_h, b_h, h0=None):
            X, W, U, b = (torch.as_tensor(a, dtype=torch.float64) for a in (X, W_h, U_h, b_h))
            H = torch.zeros(X.shape[1], U.shape[0], dtype=torch.float64) if h0 is None else torch.as_tensor(h0)
            out = []
            for X_t in X:
                H = torch.tanh(X_t @ W.T + H @ U.T + b)
                out.append(H)
            return torch.stack(out).numpy(), H.numpy()
        """),
    # gradient_norms
    Answer("gradient_norms", "one norm for all steps", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.norm().numpy()")),
    Answer("gradient_norms", "a norm per sequence", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.norm(dim=2).numpy()")),
    Answer("gradient_norms", "steps in reverse order", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.flatten(1).norm(dim=1).numpy()[::-1].copy()")),
    Answer("gradient_norms", "signed sum of the gradient", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.flatten(1).sum(dim=1).numpy()")),
    Answer("gradient_norms", "squared norm", grads(
        CLONE + "f(x).sum().backward()\nreturn (x.grad.flatten(1) ** 2).sum(dim=1).numpy()")),
    Answer("gradient_norms", "sum of absolute values", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.flatten(1).abs().sum(dim=1).numpy()")),
    Answer("gradient_norms", "mean of f(x) instead of its sum", grads(
        CLONE + "f(x).mean().backward()\nreturn x.grad.flatten(1).norm(dim=1).numpy()")),
    Answer("gradient_norms", "gradients accumulate across calls", grads(
        "x.requires_grad_(True)\nf(x).sum().backward()\nreturn x.grad.flatten(1).norm(dim=1).numpy()")),
    Answer("gradient_norms", "returns a tensor", grads(
        CLONE + "f(x).sum().backward()\nreturn x.grad.flatten(1).norm(dim=1)")),
    # lstm_cell
    Answer("lstm_cell", "gate order i, f, o, g", cell(gates="i, f, o, g")),
    Answer("lstm_cell", "gate order f, i, g, o", cell(gates="f, i, g, o")),
    Answer("lstm_cell", "gate order i, g, f, o", cell(gates="i, g, f, o")),
    Answer("lstm_cell", "sigmoid on the candidate", cell(
        activations="torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(g), torch.sigmoid(o)")),
    Answer("lstm_cell", "tanh on the output gate", cell(
        activations="torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.tanh(o)")),
    Answer("lstm_cell", "h_new from the old cell", cell(h_new="o * torch.tanh(c)")),
    Answer("lstm_cell", "no tanh on the cell in h_new", cell(h_new="o * c_new")),
    Answer("lstm_cell", "forget gate on the candidate, input gate on the cell", cell(c_new="f * g + i * c")),
    Answer("lstm_cell", "b_hh ignored", cell(pre="x @ W_ih.T + b_ih + h @ W_hh.T")),
    Answer("lstm_cell", "W_hh ignored", cell(pre="x @ W_ih.T + b_ih + b_hh")),
    Answer("lstm_cell", "nn.LSTMCell with the weights copied in", """
        import torch
        from torch import nn

        def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
            layer = nn.LSTMCell(W_ih.shape[1], W_hh.shape[1]).to(x.dtype)
            with torch.no_grad():
                for name, value in [("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)]:
                    getattr(layer, name).copy_(value)
                return layer(x, (h, c))
        """),
    # lstm_classifier
    Answer("lstm_classifier", "a plain RNN", classifier(
        "out, h_n = self.lstm(x)\nreturn self.fc(out[-1])", lstm="nn.RNN(input_size, hidden_size)")),
    Answer("lstm_classifier", "a GRU", classifier(
        "out, h_n = self.lstm(x)\nreturn self.fc(out[-1])", lstm="nn.GRU(input_size, hidden_size)")),
    Answer("lstm_classifier", "100 hidden units", classifier(
        lstm="nn.LSTM(input_size, 100)", fc="nn.Linear(100, num_classes)")),
    Answer("lstm_classifier", "hidden_size ignored", classifier(
        lstm="nn.LSTM(input_size, 50)", fc="nn.Linear(50, num_classes)"),
           passes_visible="hard-codes the 50 hidden units of the visible case"),
    Answer("lstm_classifier", "input_size ignored", classifier(lstm="nn.LSTM(10, hidden_size)"),
           passes_visible="hard-codes the 10 input features of the visible case"),
    Answer("lstm_classifier", "num_classes ignored", classifier(fc="nn.Linear(hidden_size, 7)"),
           passes_visible="hard-codes the 7 classes of the visible case"),
    Answer("lstm_classifier", "softmax output", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn F.softmax(self.fc(out[-1]), dim=1)")),
    Answer("lstm_classifier", "the first step's output", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out[0])")),
    Answer("lstm_classifier", "batch_first=True on sequence-first input", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out[:, -1])",
        lstm="nn.LSTM(input_size, hidden_size, batch_first=True)")),
    Answer("lstm_classifier", "a reshape where a transpose belongs", classifier(
        "seq_len, size, features = x.shape\nout, (h_n, c_n) = self.lstm(x.reshape(size, seq_len, features))\n"
        "return self.fc(out[:, -1])", lstm="nn.LSTM(input_size, hidden_size, batch_first=True)")),
    Answer("lstm_classifier", "squeeze drops the batch of one", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(h_n.squeeze())")),
    Answer("lstm_classifier", "h_n with its layer axis", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(h_n)")),
    Answer("lstm_classifier", "scores for every step", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out)")),
    Answer("lstm_classifier", "mean over the batch axis instead of time", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out.mean(dim=1))")),
    Answer("lstm_classifier", "the last input alone (the LSTM unused)", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(x[-1])", fc="nn.Linear(input_size, num_classes)")),
    Answer("lstm_classifier", "hidden state carried over between calls", """
        import torch
        from torch import nn


        class LSTMClassifier(nn.Module):
            def __init__(self, input_size=10, hidden_size=50, num_classes=7):
                super().__init__()
                self.lstm = nn.LSTM(input_size, hidden_size)
                self.fc = nn.Linear(hidden_size, num_classes)
                self.state = None

            def forward(self, x):
                if self.state is not None and self.state[0].shape[1] != x.shape[1]:
                    self.state = None
                out, state = self.lstm(x, self.state)
                self.state = tuple(s.detach() for s in state)
                return self.fc(out[-1])
        """),
    Answer("lstm_classifier", "LSTM run without gradients", classifier(
        "with torch.no_grad():\n    out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out[-1])")),
    Answer("lstm_classifier", "LSTM outputs detached", classifier(
        "out, (h_n, c_n) = self.lstm(x)\nreturn self.fc(out[-1].detach())")),
    # sequence_loss
    Answer("sequence_loss", "sum instead of mean", loss(
        "return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction='sum')")),
    Answer("sequence_loss", "the last step only", loss("return F.cross_entropy(logits[-1], targets[-1])")),
    Answer("sequence_loss", "softmax before the cross-entropy", loss(
        "return F.cross_entropy(F.softmax(logits, dim=-1).reshape(-1, logits.shape[-1]), targets.reshape(-1))")),
    Answer("sequence_loss", "targets flattened in another order", loss(
        "return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.T.reshape(-1))")),
    Answer("sequence_loss", "a Python number", loss(
        "return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)).item()")),
    Answer("sequence_loss", "NLL on raw logits", loss(
        "return F.nll_loss(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))")),
    Answer("sequence_loss", "summed over the batch, averaged over time", loss(
        "return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)) * targets.shape[1]")),
]

RIGHT = [
    # rnn_forward
    Answer("rnn_forward", "preallocated array and range", forward(
        "out = np.zeros((len(x), U_h.shape[0]))\nh = np.zeros(U_h.shape[0]) if h0 is None else np.asarray(h0)\n"
        "for t in range(len(x)):\n    h = np.tanh(np.dot(W_h, x[t]) + np.dot(U_h, h) + b_h)\n    out[t] = h\n"
        "return out")),
    Answer("rnn_forward", "column vectors, as on the slide", forward(
        "h = np.zeros((U_h.shape[0], 1)) if h0 is None else np.reshape(h0, (-1, 1))\nb = b_h.reshape(-1, 1)\n"
        "out_hs = []\nfor step in range(len(x)):\n    h = np.tanh(W_h @ x[None, step].T + U_h @ h + b)\n"
        "    out_hs.append(h)\nreturn np.hstack(out_hs).T")),
    Answer("rnn_forward", "input projections computed first", forward(
        "projected = x @ W_h.T + b_h\nh = np.zeros(len(b_h)) if h0 is None else h0\nstates = []\n"
        "for p in projected:\n    h = np.tanh(p + U_h @ h)\n    states.append(h)\nreturn np.stack(states)")),
    Answer("rnn_forward", "a progress bar over the steps (stderr)", forward(
        "h = np.zeros(U_h.shape[0]) if h0 is None else h0\nstates = []\nfor x_t in tqdm(x, desc='steps'):\n"
        "    h = np.tanh(W_h @ x_t + U_h @ h + b_h)\n    states.append(h)\nreturn np.array(states)",
        imports="import numpy as np\nfrom tqdm.auto import tqdm")),
    # rnn_shapes
    Answer("rnn_shapes", "computed", "import numpy as np\nimport torch\nfrom torch import nn\n\n"
           "shape_numpy_out = np.hstack([np.zeros((50, 1))] * 10).T.shape\n"
           "out_demo, last_h_demo = nn.RNN(100, 50)(torch.zeros(10, 32, 100))\n"
           "shape_torch_out = tuple(out_demo.shape)\nshape_torch_last_h = last_h_demo.shape"),
    Answer("rnn_shapes", "lists", shapes("[10, 50]", "[10, 32, 50]", "[1, 32, 50]")),
    # copy_into_rnn
    Answer("copy_into_rnn", "the bias split in halves", copy_no_grad(bias_ih="b_h / 2", bias_hh="b_h / 2")),
    Answer("copy_into_rnn", "the bias in bias_hh", copy_no_grad(bias_ih="0 * b_h", bias_hh="b_h")),
    Answer("copy_into_rnn", "load_state_dict", copy(
        "import numpy as np\nstate = {'weight_ih_l0': W_h, 'weight_hh_l0': U_h, 'bias_ih_l0': b_h, "
        "'bias_hh_l0': np.zeros_like(b_h)}\n"
        "rnn.load_state_dict({k: torch.tensor(v, dtype=torch.float32) for k, v in state.items()})")),
    Answer("copy_into_rnn", "new Parameters", copy(
        "rnn.weight_ih_l0 = nn.Parameter(torch.tensor(W_h, dtype=torch.float32))\n"
        "rnn.weight_hh_l0 = nn.Parameter(torch.tensor(U_h, dtype=torch.float32))\n"
        "rnn.bias_ih_l0 = nn.Parameter(torch.tensor(b_h, dtype=torch.float32))\n"
        "rnn.bias_hh_l0 = nn.Parameter(torch.zeros(len(b_h)))")),
    Answer("copy_into_rnn", ".data with float32 tensors", copy(
        "rnn.weight_ih_l0.data = torch.tensor(W_h, dtype=torch.float32)\n"
        "rnn.weight_hh_l0.data = torch.tensor(U_h, dtype=torch.float32)\n"
        "rnn.bias_ih_l0.data = torch.tensor(b_h, dtype=torch.float32)\nrnn.bias_hh_l0.data.zero_()")),
    # rnn_forward_batch
    Answer("rnn_forward_batch", "einsum", batch(
        "H = np.zeros((X.shape[1], U_h.shape[0])) if h0 is None else h0\nout = []\nfor X_t in X:\n"
        "    H = np.tanh(np.einsum('hf,bf->bh', W_h, X_t) + np.einsum('hk,bk->bh', U_h, H) + b_h)\n"
        "    out.append(H)\nreturn np.stack(out), H")),
    Answer("rnn_forward_batch", "input projections for all steps at once", batch(
        "projected = X @ W_h.T + b_h\nH = np.zeros(projected.shape[1:]) if h0 is None else h0\n"
        "out = np.empty_like(projected)\nfor t, P in enumerate(projected):\n    H = np.tanh(P + H @ U_h.T)\n"
        "    out[t] = H\nreturn out, out[-1]")),
    Answer("rnn_forward_batch", "stacked weights on concatenated inputs", batch(
        "W = np.hstack([W_h, U_h])\nH = np.zeros((X.shape[1], U_h.shape[0])) if h0 is None else h0\nout = []\n"
        "for X_t in X:\n    H = np.tanh(np.concatenate([X_t, H], axis=1) @ W.T + b_h)\n    out.append(H)\n"
        "return np.array(out), H")),
    Answer("rnn_forward_batch", "states as columns, transposed back", batch(
        "H = np.zeros((U_h.shape[0], X.shape[1])) if h0 is None else h0.T\nout = []\nfor X_t in X:\n"
        "    H = np.tanh(W_h @ X_t.T + U_h @ H + b_h[:, None])\n    out.append(H.T)\nreturn np.array(out), H.T")),
    # gradient_norms
    Answer("gradient_norms", "torch.autograd.grad", grads(
        "x = x.detach().requires_grad_()\n(gradient,) = torch.autograd.grad(f(x).sum(), x)\n"
        "return gradient.reshape(len(x), -1).norm(dim=1).detach().cpu().numpy()")),
    Answer("gradient_norms", "NumPy norm of each step", grads(
        CLONE + "f(x).sum().backward()\ng = x.grad.cpu().numpy()\n"
        "return np.array([np.sqrt((g[t] ** 2).sum()) for t in range(len(g))])")),
    Answer("gradient_norms", "torch.linalg.vector_norm over the last axes", grads(
        "x = x.clone().detach()\nx.requires_grad = True\ns = f(x).sum()\ns.backward()\n"
        "return torch.linalg.vector_norm(x.grad, dim=(1, 2)).cpu().numpy()")),
    # lstm_cell
    Answer("lstm_cell", "slices by index", function_cell("lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)", """n = h.shape[1]
z = x @ W_ih.T + h @ W_hh.T + b_ih + b_hh
i = torch.sigmoid(z[:, :n])
f = torch.sigmoid(z[:, n:2 * n])
g = torch.tanh(z[:, 2 * n:3 * n])
o = torch.sigmoid(z[:, 3 * n:])
c_new = f * c + i * g
return o * torch.tanh(c_new), c_new""", "import torch")),
    Answer("lstm_cell", "F.linear and split", function_cell("lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)", """
gates = F.linear(x, W_ih, b_ih) + F.linear(h, W_hh, b_hh)
i, f, g, o = torch.split(gates, h.shape[1], dim=1)
c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
return torch.sigmoid(o) * torch.tanh(c_new), c_new""".strip(), "import torch\nimport torch.nn.functional as F")),
    Answer("lstm_cell", "weights on the left, transposed back", cell(pre="(W_ih @ x.T + W_hh @ h.T).T + b_ih + b_hh")),
    # lstm_classifier
    Answer("lstm_classifier", "final hidden state h_n[-1]", classifier(
        "_, (h_n, _) = self.lstm(x)\nreturn self.fc(h_n[-1])")),
    Answer("lstm_classifier", "mean over time", classifier("out, _ = self.lstm(x)\nreturn self.fc(out.mean(dim=0))")),
    Answer("lstm_classifier", "max over time", classifier(
        "out, _ = self.lstm(x)\nreturn self.fc(out.max(dim=0).values)")),
    Answer("lstm_classifier", "two LSTM layers", classifier(lstm="nn.LSTM(input_size, hidden_size, num_layers=2)")),
    Answer("lstm_classifier", "batch first inside, with a transpose", classifier(
        "out, _ = self.lstm(x.transpose(0, 1))\nreturn self.fc(out[:, -1])",
        lstm="nn.LSTM(input_size, hidden_size, batch_first=True)")),
    Answer("lstm_classifier", "dropout on a one-layer LSTM (warns)", classifier(
        lstm="nn.LSTM(input_size, hidden_size, dropout=0.1)")),
    Answer("lstm_classifier", "bidirectional LSTM, both final states", classifier(
        "_, (h_n, _) = self.lstm(x)\nreturn self.fc(torch.cat([h_n[-2], h_n[-1]], dim=1))",
        lstm="nn.LSTM(input_size, hidden_size, bidirectional=True)", fc="nn.Linear(2 * hidden_size, num_classes)")),
    Answer("lstm_classifier", "a hidden layer and dropout in the head", classifier(
        fc="nn.Sequential(nn.Linear(hidden_size, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, num_classes))")),
    Answer("lstm_classifier", "nn.LSTMCell in a loop", """
        import torch
        from torch import nn


        class LSTMClassifier(nn.Module):
            def __init__(self, input_size=10, hidden_size=50, num_classes=7):
                super().__init__()
                self.cell = nn.LSTMCell(input_size, hidden_size)
                self.out = nn.Linear(hidden_size, num_classes)
                self.hidden_size = hidden_size

            def forward(self, x):
                h = x.new_zeros(x.shape[1], self.hidden_size)
                c = x.new_zeros(x.shape[1], self.hidden_size)
                for x_t in x:
                    h, c = self.cell(x_t, (h, c))
                return self.out(h)
        """),
    Answer("lstm_classifier", "a learned initial state", """
        import torch
        from torch import nn


        class LSTMClassifier(nn.Module):
            def __init__(self, input_size=10, hidden_size=50, num_classes=7):
                super().__init__()
                self.lstm = nn.LSTM(input_size, hidden_size)
                self.h0 = nn.Parameter(torch.zeros(1, 1, hidden_size))
                self.c0 = nn.Parameter(torch.zeros(1, 1, hidden_size))
                self.fc = nn.Linear(hidden_size, num_classes)

            def forward(self, x):
                size = x.shape[1]
                state = (self.h0.expand(-1, size, -1).contiguous(), self.c0.expand(-1, size, -1).contiguous())
                out, _ = self.lstm(x, state)
                return self.fc(out[-1])
        """),
    # sequence_loss
    Answer("sequence_loss", "vocabulary moved to axis 1", loss(
        "return F.cross_entropy(logits.permute(1, 2, 0), targets.T)")),
    Answer("sequence_loss", "vocabulary moved to axis 1, steps first", loss(
        "return F.cross_entropy(logits.transpose(1, 2), targets)")),
    Answer("sequence_loss", "log_softmax and gather", loss(
        "log_probabilities = torch.log_softmax(logits, dim=-1)\n"
        "return -log_probabilities.gather(-1, targets[..., None]).mean()")),
    Answer("sequence_loss", "mean of the per-step losses", loss(
        "return torch.stack([F.cross_entropy(logits[t], targets[t]) for t in range(len(logits))]).mean()")),
    Answer("sequence_loss", "nn.CrossEntropyLoss with view", loss(
        "return torch.nn.CrossEntropyLoss()(logits.view(-1, logits.size(-1)), targets.view(-1))")),
]

# --- The forgotten-device test (tests/test_device.py) --------------------------------------
# LSTMClassifier trains on `device` (course.fit moves each batch there). nn.LSTM starts from zero
# states on the input's device; a model that builds its own initial state with torch.zeros(...)
# leaves it on the CPU: that works on a CPU and crashes on a GPU.
ZERO_STATE = "h0 = torch.zeros(1, x.shape[1], self.lstm.hidden_size{where})\n"
FORGETS_DEVICE = [
    Answer("lstm_classifier", "its own zero state, left on the CPU (crashes on a GPU)", classifier(
        body=ZERO_STATE.format(where="") + "out, _ = self.lstm(x, (h0, h0))\nreturn self.fc(out[-1])")),
    Answer("lstm_classifier", "its own zero state: c0 moved, h0 left on the CPU", classifier(
        body=ZERO_STATE.format(where="").replace("h0 = ", "h0 = c0 = ")
        + "out, _ = self.lstm(x, (h0, c0.to(x.device)))\nreturn self.fc(out[-1])")),
]
WRONG += FORGETS_DEVICE
RIGHT += [
    Answer("lstm_classifier", "its own zero state on the input's device", classifier(
        body=ZERO_STATE.format(where=", device=x.device") + "out, _ = self.lstm(x, (h0, torch.zeros_like(h0)))\n"
        "return self.fc(out[-1])")),
]
DEVICE_PROBES = {
    "lstm_classifier": {"setup": "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n", "run": """
def call(device):
    torch.manual_seed(0)
    model = LSTMClassifier().to(device)
    return model(torch.rand(6, 3, 10).to(device))  # the batch moved, as course.fit moves it
"""},
}
