"""Wrong answers that must lose points, and right answers that must get them all, for 02_mlp.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason: only the hidden tests catch it.
"""

from instructor.notebooks import Answer, function_cell


def dense(body):
    return function_cell("dense_relu(X, W, b)", body, imports="")


def layer_size(shape="(32, 50)", count="n_in * n_out + n_out"):
    return f"dense_output_shape = {shape}\n\n\ndef linear_parameter_count(n_in, n_out):\n    return {count}\n"


def linear(body):
    return function_cell("linear_from_numpy(W, b)", body, imports="")


COPY_BOTH = """layer = nn.Linear(W.shape[1], W.shape[0])
with torch.no_grad():
    layer.weight.copy_(torch.as_tensor(W))
    layer.bias.copy_(torch.as_tensor(b).reshape(-1))"""


def collapse(W="W2 @ W1", b="W2 @ b1 + b2"):
    return f"def collapse_linear(W1, b1, W2, b2):\n    return {W}, {b}\n"


def backward(reset="for node in order:\n    node.grad = 0.0", start="output.grad = 1.0",
             walk="reversed(order)", update="parent.grad += local * node.grad"):
    reset = "".join(f"    {line}\n" for line in reset.split("\n"))
    return (f"def backward(output):\n    order = topological_order(output)\n{reset}    {start}\n"
            f"    for node in {walk}:\n        for parent, local in zip(node.inputs, node.local_grads):\n"
            f"            {update}\n")


def forward(H="np.tanh(X @ W.T + b)", Y="H @ V.T + a", result="H, Y"):
    return f"def two_layer_forward(X, W, b, V, a):\n    H = {H}\n    Y = {Y}\n    return {result}\n"


def gradients(dY="Y - T", dV="dY.T @ H", da="dY.sum(axis=0)", dH="dY @ V", dZ="dH * (1 - H ** 2)",
              dW="dZ.T @ X", db="dZ.sum(axis=0)", result="dW, db, dV, da"):
    return (f"def two_layer_backward(X, T, W, b, V, a):\n    H, Y = two_layer_forward(X, W, b, V, a)\n"
            f"    dY = {dY}\n    dV = {dV}\n    da = {da}\n    dH = {dH}\n    dZ = {dZ}\n"
            f"    dW = {dW}\n    db = {db}\n    return {result}\n")


def mlp(init, forward_body):
    init = "".join(f"        {line}\n" for line in init.split("\n"))
    return ("class MLP(nn.Module):\n    def __init__(self, n_inputs, n_hidden, n_classes):\n"
            f"        super().__init__()\n{init}\n    def forward(self, x):\n        return {forward_body}\n")


TWO_LAYERS = "self.hidden = nn.Linear(n_inputs, n_hidden)\nself.output = nn.Linear(n_hidden, n_classes)"


def train(body, start="model.train()", result="total / count", loop="loader"):
    body = "".join(f"        {line}\n" for line in body.split("\n"))
    return (f"def train_epoch(model, loader, loss_fn, optimizer, device):\n    {start}\n"
            f"    total, count, batches = 0.0, 0, 0\n    for inputs, targets in {loop}:\n"
            "        inputs, targets = inputs.to(device), targets.to(device)\n"
            f"{body}        count += len(targets)\n        batches += 1\n    return {result}\n")


STEPS = """optimizer.zero_grad()
loss = loss_fn(model(inputs), targets)
loss.backward()
optimizer.step()
total += loss.item() * len(targets)"""


def acc(start="model.eval()", context="torch.no_grad()", count="(model(inputs).argmax(dim=1) == targets).sum().item()",
        result="correct / total"):
    return (f"def accuracy(model, loader, device):\n    {start}\n    correct, total = 0, 0\n"
            f"    with {context}:\n        for inputs, targets in loader:\n"
            "            inputs, targets = inputs.to(device), targets.to(device)\n"
            f"            correct += {count}\n            total += len(targets)\n    return {result}\n")


WRONG = [
    # dense_relu
    Answer("dense_relu", "not transposed back", dense("return np.maximum(W @ X.T + b, 0)")),
    Answer("dense_relu", "no ReLU", dense("return (W @ X.T + b).T")),
    Answer("dense_relu", "ReLU before the bias", dense("return np.maximum(W @ X.T, 0).T + b.T")),
    Answer("dense_relu", "bias ignored", dense("return np.maximum(W @ X.T, 0).T")),
    Answer("dense_relu", "absolute value instead of ReLU", dense("return np.abs(W @ X.T + b).T")),
    Answer("dense_relu", "reshape instead of transpose", dense(
        "return np.maximum(W @ X.T + b, 0).reshape(len(X), -1)")),
    Answer("dense_relu", "returns a PyTorch tensor", """
        import torch

        def dense_relu(X, W, b):
            return torch.relu(torch.as_tensor(X) @ torch.as_tensor(W).T + torch.as_tensor(b).reshape(1, -1))
        """),
    Answer("dense_relu", "a double loop (breaks the rule)", dense(
        "out = np.zeros((len(X), len(W)))\nfor i in range(len(X)):\n    for j in range(len(W)):\n"
        "        out[i, j] = max(0.0, W[j] @ X[i] + b[j, 0])\nreturn out")),
    Answer("dense_relu", "a comprehension over the samples (breaks the rule)", dense(
        "return np.array([np.maximum(W @ x + b[:, 0], 0) for x in X])")),
    Answer("dense_relu", "np.vectorize for the ReLU (breaks the rule)", dense(
        "return np.vectorize(lambda z: max(z, 0.0))(X @ W.T + b.T)")),
    Answer("dense_relu", "map over the samples (breaks the rule)", dense(
        "return np.array(list(map(lambda x: np.maximum(W @ x + b[:, 0], 0), X)))")),
    # layer_size
    Answer("layer_size", "shape (hidden, batch)", layer_size(shape="(50, 32)")),
    Answer("layer_size", "shape (batch, features)", layer_size(shape="(32, 100)")),
    Answer("layer_size", "biases forgotten", layer_size(count="n_in * n_out")),
    Answer("layer_size", "a bias per input", layer_size(count="n_in * n_out + n_in")),
    Answer("layer_size", "one more of each", layer_size(count="(n_in + 1) * (n_out + 1)")),
    Answer("layer_size", "the stated examples hard-coded", layer_size(
        count="{(3, 2): 8, (784, 256): 200960}[(n_in, n_out)]"),
        passes_visible="it returns the two counts stated in the text, which are all the visible check asks for"),
    # linear_from_numpy
    Answer("linear_from_numpy", "weight transposed", linear(
        "layer = nn.Linear(W.shape[0], W.shape[1])\n"
        "layer.weight.data = torch.tensor(W.T, dtype=torch.float32)\n"
        "layer.bias.data = torch.tensor(b.ravel(), dtype=torch.float32)\nreturn layer")),
    Answer("linear_from_numpy", "bias not copied", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\nwith torch.no_grad():\n"
        "    layer.weight.copy_(torch.as_tensor(W))\nreturn layer")),
    Answer("linear_from_numpy", "float64 parameters", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\nlayer.weight = nn.Parameter(torch.from_numpy(W))\n"
        "layer.bias = nn.Parameter(torch.from_numpy(b.ravel()))\nreturn layer")),
    Answer("linear_from_numpy", "bias kept as a column", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\nlayer.weight = nn.Parameter(torch.tensor(W, dtype=torch.float32))\n"
        "layer.bias = nn.Parameter(torch.tensor(b, dtype=torch.float32))\nreturn layer")),
    Answer("linear_from_numpy", "parameters frozen", linear(COPY_BOTH + "\nlayer.requires_grad_(False)\nreturn layer")),
    Answer("linear_from_numpy", "plain tensors, not parameters", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\ndel layer.weight, layer.bias\n"
        "layer.weight = torch.tensor(W, dtype=torch.float32)\n"
        "layer.bias = torch.tensor(b.ravel(), dtype=torch.float32)\nreturn layer")),
    Answer("linear_from_numpy", "sizes of the visible example hard-coded", linear(
        COPY_BOTH.replace("nn.Linear(W.shape[1], W.shape[0])", "nn.Linear(4, 3)") + "\nreturn layer"),
        passes_visible="it hard-codes the sizes of the visible example (4 features, 3 units)"),
    # collapse_linear
    Answer("collapse_linear", "product in the wrong order", collapse(W="W1 @ W2")),
    Answer("collapse_linear", "biases added", collapse(b="b1 + b2")),
    Answer("collapse_linear", "second bias forgotten", collapse(b="W2 @ b1")),
    Answer("collapse_linear", "first bias dropped", collapse(b="b2")),
    # backward
    Answer("backward", "forward topological order", backward(walk="order")),
    Answer("backward", "overwrites instead of summing", backward(update="parent.grad = local * node.grad")),
    Answer("backward", "no chain rule", backward(update="parent.grad += local")),
    Answer("backward", "output gradient left at 0", backward(start="pass")),
    Answer("backward", "gradients not reset", backward(reset="pass")),
    Answer("backward", "only the leaves reset", backward(
        reset="for node in order:\n    if not node.inputs:\n        node.grad = 0.0")),
    # two_layer_forward
    Answer("two_layer_forward", "ReLU instead of tanh", forward(H="np.maximum(X @ W.T + b, 0)")),
    Answer("two_layer_forward", "tanh on the output too", forward(Y="np.tanh(H @ V.T + a)")),
    Answer("two_layer_forward", "bias outside the tanh", forward(H="np.tanh(X @ W.T) + b")),
    Answer("two_layer_forward", "W not transposed", forward(H="np.tanh(X @ W + b)")),
    Answer("two_layer_forward", "outputs swapped", forward(result="Y, H")),
    Answer("two_layer_forward", "output bias forgotten", forward(Y="H @ V.T")),
    # two_layer_backward
    Answer("two_layer_backward", "tanh derivative 1 - tanh", gradients(dZ="dH * (1 - H)")),
    Answer("two_layer_backward", "tanh derivative forgotten", gradients(dZ="dH")),
    Answer("two_layer_backward", "dW transposed", gradients(dW="X.T @ dZ")),
    Answer("two_layer_backward", "sign of dY flipped", gradients(dY="T - Y")),
    Answer("two_layer_backward", "tanh applied twice in the derivative", gradients(dZ="dH * (1 - np.tanh(H) ** 2)")),
    Answer("two_layer_backward", "hidden bias gradient averaged over the batch", gradients(db="dZ.mean(axis=0)")),
    Answer("two_layer_backward", "output bias gradient averaged over the batch", gradients(da="dY.mean(axis=0)")),
    Answer("two_layer_backward", "every gradient averaged over the batch", gradients(dY="(Y - T) / len(X)")),
    Answer("two_layer_backward", "per-sample formulas on the first sample", gradients(
        dV="np.outer(dY[0], H[0])", da="dY[0]", dW="np.outer(dZ[0], X[0])", db="dZ[0]")),
    Answer("two_layer_backward", "first layer from the first sample only", gradients(
        dW="np.outer(dZ[0], X[0])", db="dZ[0]")),
    Answer("two_layer_backward", "autograd's backward (breaks the rule)", """
        import torch

        def two_layer_backward(X, T, W, b, V, a):
            params = [torch.tensor(p, requires_grad=True) for p in (W, b, V, a)]
            H = torch.tanh(torch.tensor(X) @ params[0].T + params[1])
            loss = 0.5 * ((H @ params[2].T + params[3] - torch.tensor(T)) ** 2).sum()
            loss.backward()
            return tuple(p.grad.numpy() for p in params)
        """),
    Answer("two_layer_backward", "torch.autograd.grad (breaks the rule)", """
        import torch

        def two_layer_backward(X, T, W, b, V, a):
            params = [torch.tensor(p, requires_grad=True) for p in (W, b, V, a)]
            with torch.enable_grad():
                H = torch.tanh(torch.tensor(X) @ params[0].T + params[1])
                loss = 0.5 * ((H @ params[2].T + params[3] - torch.tensor(T)) ** 2).sum()
            return tuple(g.numpy() for g in torch.autograd.grad(loss, params))
        """),
    Answer("two_layer_backward", "torch.func.grad (breaks the rule)", """
        import torch

        def two_layer_backward(X, T, W, b, V, a):
            def loss(W, b, V, a):
                H = torch.tanh(torch.tensor(X) @ W.T + b)
                return 0.5 * ((H @ V.T + a - torch.tensor(T)) ** 2).sum()
            grads = torch.func.grad(loss, argnums=(0, 1, 2, 3))(*(torch.tensor(p) for p in (W, b, V, a)))
            return tuple(g.numpy() for g in grads)
        """),
    # mlp
    Answer("mlp", "no nonlinearity", mlp(TWO_LAYERS, "self.output(self.hidden(x))")),
    Answer("mlp", "no biases", mlp(
        "self.hidden = nn.Linear(n_inputs, n_hidden, bias=False)\n"
        "self.output = nn.Linear(n_hidden, n_classes, bias=False)", "self.output(torch.relu(self.hidden(x)))")),
    Answer("mlp", "layers in a plain list", mlp(
        "self.layers = [nn.Linear(n_inputs, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_classes)]",
        "self.layers[2](self.layers[1](self.layers[0](x)))")),
    Answer("mlp", "softmax at the end", mlp(
        TWO_LAYERS, "torch.softmax(self.output(torch.relu(self.hidden(x))), dim=1)")),
    Answer("mlp", "Linear, Linear and a softmax, no hidden ReLU", mlp(
        TWO_LAYERS, "torch.softmax(self.output(self.hidden(x)), dim=1)")),
    Answer("mlp", "nn.Softmax in a Sequential", mlp(
        "self.net = nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_classes), "
        "nn.Softmax(dim=1))", "self.net(x)")),
    Answer("mlp", "ReLU after the output layer", mlp(
        TWO_LAYERS, "torch.relu(self.output(torch.relu(self.hidden(x))))")),
    Answer("mlp", "sigmoid after the output layer", mlp(
        TWO_LAYERS, "torch.sigmoid(self.output(torch.relu(self.hidden(x))))")),
    Answer("mlp", "sizes of the example hard-coded", mlp(
        "self.hidden = nn.Linear(784, 128)\nself.output = nn.Linear(128, 10)",
        "self.output(torch.relu(self.hidden(x)))"),
        passes_visible="it hard-codes the sizes of the visible example, MLP(784, 128, 10)"),
    # train_epoch
    Answer("train_epoch", "no zero_grad", train(STEPS.replace("optimizer.zero_grad()\n", ""))),
    Answer("train_epoch", "no optimizer.step", train(STEPS.replace("\noptimizer.step()", ""))),
    Answer("train_epoch", "no backward", train(STEPS.replace("\nloss.backward()", ""))),
    Answer("train_epoch", "step before backward", train(STEPS.replace("loss.backward()\noptimizer.step()",
                                                                      "optimizer.step()\nloss.backward()"))),
    Answer("train_epoch", "zero_grad between backward and step", train(
        "loss = loss_fn(model(inputs), targets)\nloss.backward()\noptimizer.zero_grad()\noptimizer.step()\n"
        "total += loss.item() * len(targets)")),
    Answer("train_epoch", "zero_grad once, before the loop", train(
        STEPS.replace("optimizer.zero_grad()\n", ""), start="model.train()\n    optimizer.zero_grad()")),
    Answer("train_epoch", "no model.train()", train(STEPS, start="pass")),
    Answer("train_epoch", "loss of the softmax", train(STEPS.replace(
        "loss_fn(model(inputs), targets)", "loss_fn(model(inputs).softmax(dim=1), targets)"))),
    Answer("train_epoch", "returns a tensor", train(STEPS.replace("total += loss.item() * len(targets)",
                                                                  "total = total + loss * len(targets)"))),
    Answer("train_epoch", "returns the last loss", train(STEPS, result="loss.item()")),
    Answer("train_epoch", "mean of the batch losses", train(
        STEPS.replace("total += loss.item() * len(targets)", "total += loss.item()"), result="total / batches")),
    Answer("train_epoch", "sum of the batch losses", train(STEPS, result="total")),
    # accuracy
    Answer("accuracy", "no model.eval()", acc(start="pass")),
    Answer("accuracy", "graph recorded", acc(context="torch.enable_grad()")),
    Answer("accuracy", "a percentage", acc(result="100 * correct / total")),
    Answer("accuracy", "a count", acc(result="correct")),
    Answer("accuracy", "a tensor", acc(count="(model(inputs).argmax(dim=1) == targets).sum()")),
    Answer("accuracy", "argmax over the batch axis", acc(
        count="(model(inputs).argmax(dim=0) == targets).sum().item()")),
    Answer("accuracy", "mean of the batch accuracies", """
        def accuracy(model, loader, device):
            model.eval()
            scores = []
            with torch.no_grad():
                for inputs, targets in loader:
                    inputs, targets = inputs.to(device), targets.to(device)
                    scores.append((model(inputs).argmax(dim=1) == targets).float().mean().item())
            return sum(scores) / len(scores)
        """),
    Answer("accuracy", "the number of samples of the visible case hard-coded", acc(result="correct / 25"),
           passes_visible="it divides by 25, the number of samples in the visible case"),
]

RIGHT = [
    Answer("dense_relu", "masking in place, as in Alcorn's slides", dense(
        "out = W @ X.T + b\nout[out < 0] = 0\nreturn out.T")),
    Answer("dense_relu", "rows first", dense("return np.maximum(X @ W.T + b.T, 0.0)")),
    Answer("dense_relu", "einsum and clip", dense("return np.clip(np.einsum('hf,bf->bh', W, X) + b[:, 0], 0, None)")),
    Answer("dense_relu", "PyTorch, back to NumPy", """
        import torch

        def dense_relu(X, W, b):
            out = torch.relu(torch.as_tensor(X) @ torch.as_tensor(W).T + torch.as_tensor(b).reshape(1, -1))
            return out.numpy()
        """),
    Answer("layer_size", "a list and a product", layer_size(shape="[32, 50]", count="(n_in + 1) * n_out")),
    Answer("layer_size", "counted by PyTorch", layer_size(
        shape="dense_relu(np.ones((32, 100)), np.ones((50, 100)), np.ones((50, 1))).shape",
        count="sum(p.numel() for p in nn.Linear(n_in, n_out).parameters())")),
    Answer("linear_from_numpy", "copy_", linear(COPY_BOTH + "\nreturn layer")),
    Answer("linear_from_numpy", "new Parameters", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\n"
        "layer.weight = nn.Parameter(torch.tensor(W, dtype=torch.float32))\n"
        "layer.bias = nn.Parameter(torch.tensor(b[:, 0], dtype=torch.float32))\nreturn layer")),
    Answer("linear_from_numpy", "assigning .data", linear(
        "layer = nn.Linear(W.shape[1], W.shape[0])\n"
        "layer.weight.data = torch.from_numpy(W).float()\n"
        "layer.bias.data = torch.from_numpy(b).float().view(-1)\nreturn layer")),
    Answer("linear_from_numpy", "load_state_dict", linear(
        "layer = nn.Linear(*W.T.shape)\n"
        "layer.load_state_dict({'weight': torch.from_numpy(W).float(),\n"
        "                       'bias': torch.from_numpy(b).float().flatten()})\n"
        "return layer")),
    Answer("collapse_linear", "np.dot", collapse(W="np.dot(W2, W1)", b="np.dot(W2, b1) + b2")),
    Answer("collapse_linear", "read off the map at 0 and the unit vectors", """
        def collapse_linear(W1, b1, W2, b2):
            def f(x):
                return W2 @ (W1 @ x + b1) + b2
            b = f(np.zeros(W1.shape[1]))
            W = np.stack([f(e) - b for e in np.eye(W1.shape[1])], axis=1)
            return W, b
        """),
    Answer("backward", "order[::-1]", backward(walk="order[::-1]")),
    Answer("backward", "sum over paths by recursion", """
        def backward(output):
            for node in topological_order(output):
                node.grad = 0.0

            def push(node, upstream):
                node.grad += upstream
                for parent, local in zip(node.inputs, node.local_grads):
                    push(parent, upstream * local)

            push(output, 1.0)
        """),
    Answer("backward", "gradients in a dictionary", """
        def backward(output):
            order = topological_order(output)
            grads = {id(node): 0.0 for node in order}
            grads[id(output)] = 1.0
            for node in reversed(order):
                for parent, local in zip(node.inputs, node.local_grads):
                    grads[id(parent)] += local * grads[id(node)]
            for node in order:
                node.grad = grads[id(node)]
        """),
    Answer("two_layer_forward", "column vectors as in Brown's slides", forward(
        H="np.tanh(W @ X.T + b[:, None]).T", Y="(V @ H.T + a[:, None]).T")),
    Answer("two_layer_forward", "PyTorch functional", """
        import torch

        def two_layer_forward(X, W, b, V, a):
            H = torch.tanh(torch.nn.functional.linear(torch.as_tensor(X), torch.as_tensor(W), torch.as_tensor(b)))
            Y = torch.nn.functional.linear(H, torch.as_tensor(V), torch.as_tensor(a))
            return H.numpy(), Y.numpy()
        """),
    Answer("two_layer_backward", "einsum", gradients(
        dV="np.einsum('nk,nh->kh', dY, H)", dW="np.einsum('nh,nd->hd', dZ, X)",
        dZ="dH * (1 - np.tanh(X @ W.T + b) ** 2)")),
    Answer("two_layer_backward", "a loop over samples", """
        def two_layer_backward(X, T, W, b, V, a):
            dW, db, dV, da = np.zeros_like(W), np.zeros_like(b), np.zeros_like(V), np.zeros_like(a)
            for x, t in zip(X, T):
                h = np.tanh(W @ x + b)
                dy = V @ h + a - t
                dz = (V.T @ dy) * (1 - h * h)
                dV += np.outer(dy, h)
                da += dy
                dW += np.outer(dz, x)
                db += dz
            return dW, db, dV, da
        """),
    Answer("two_layer_backward", "PyTorch tensors without autograd", """
        import torch

        def two_layer_backward(X, T, W, b, V, a):
            X, T, W, b, V, a = (torch.as_tensor(m) for m in (X, T, W, b, V, a))
            H = torch.tanh(X @ W.T + b)
            dY = H @ V.T + a - T
            dZ = (dY @ V) * (1 - H ** 2)
            return (dZ.T @ X).numpy(), dZ.sum(0).numpy(), (dY.T @ H).numpy(), dY.sum(0).numpy()
        """),
    Answer("mlp", "nn.Sequential", mlp(
        "self.net = nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_classes))",
        "self.net(x)")),
    Answer("mlp", "functional ReLU and a Flatten", mlp(
        "self.flatten = nn.Flatten()\n" + TWO_LAYERS,
        "self.output(nn.functional.relu(self.hidden(self.flatten(x))))")),
    Answer("mlp", "nn.ModuleList", mlp(
        "self.layers = nn.ModuleList([nn.Linear(n_inputs, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_classes)])",
        "self.layers[2](self.layers[1](self.layers[0](x)))")),
    Answer("mlp", "tanh", mlp(TWO_LAYERS, "self.output(torch.tanh(self.hidden(x)))")),
    Answer("mlp", "sigmoid", mlp(TWO_LAYERS, "self.output(torch.sigmoid(self.hidden(x)))")),
    Answer("train_epoch", "model.zero_grad", train(STEPS.replace("optimizer.zero_grad()", "model.zero_grad()"))),
    Answer("train_epoch", "zero_grad after the step", train(
        "loss = loss_fn(model(inputs), targets)\nloss.backward()\noptimizer.step()\noptimizer.zero_grad()\n"
        "total += loss.item() * len(targets)")),
    Answer("train_epoch", "gradients set to zero, not None", train(
        STEPS.replace("optimizer.zero_grad()", "optimizer.zero_grad(set_to_none=False)"))),
    Answer("train_epoch", "divided by the size of the dataset", train(STEPS, result="total / len(loader.dataset)")),
    Answer("train_epoch", "losses and sizes in lists, with a progress bar", """
        from tqdm.auto import tqdm

        def train_epoch(model, loader, loss_fn, optimizer, device):
            model.train()
            losses, sizes = [], []
            for inputs, targets in tqdm(loader, desc="batches", leave=False):
                optimizer.zero_grad(set_to_none=True)
                outputs = model(inputs.to(device))
                loss = loss_fn(outputs, targets.to(device))
                loss.backward()
                optimizer.step()
                losses.append(float(loss) * len(targets))
                sizes.append(len(targets))
            return sum(losses) / sum(sizes)
        """),
    Answer("accuracy", "inference_mode", acc(context="torch.inference_mode()")),
    Answer("accuracy", "all predictions at once", """
        def accuracy(model, loader, device):
            model.eval()
            predictions, labels = [], []
            with torch.no_grad():
                for inputs, targets in loader:
                    predictions.append(model(inputs.to(device)).argmax(dim=-1).cpu())
                    labels.append(targets)
            return (torch.cat(predictions) == torch.cat(labels)).float().mean().item()
        """),
    Answer("accuracy", "batch means weighted by batch size", acc(
        count="(model(inputs).argmax(dim=1) == targets).float().mean().item() * len(targets)")),
    Answer("accuracy", "torch.tensor of a tensor (PyTorch warns)", acc(
        count="torch.tensor(model(inputs).argmax(dim=1) == targets).sum().item()")),
]

# The forgotten-device test (tests/test_device.py): answers that leave a batch on the CPU, which
# works on a CPU and crashes on a GPU, and how to call each training exercise on another device.
MOVE = "inputs, targets = inputs.to(device), targets.to(device)"
FORGETS_DEVICE = [
    Answer("train_epoch", "forgets .to(device) (crashes on a GPU)", train(STEPS).replace(MOVE, "pass")),
    Answer("train_epoch", "moves the inputs only", train(STEPS).replace(MOVE, "inputs = inputs.to(device)")),
    Answer("accuracy", "forgets .to(device) (crashes on a GPU)", acc().replace(MOVE, "pass")),
    Answer("accuracy", "moves the inputs only", acc().replace(MOVE, "inputs = inputs.to(device)")),
]
WRONG += FORGETS_DEVICE
SETUP = "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\n"
DEVICE_PROBES = {
    "train_epoch": {"setup": SETUP, "run": """
def call(device):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3)).to(device)
    loader = DataLoader(TensorDataset(torch.randn(8, 5), torch.randint(3, (8,))), batch_size=6)
    return train_epoch(model, loader, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1), device)
"""},
    "accuracy": {"setup": SETUP, "run": """
def call(device):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 3)).to(device)
    loader = DataLoader(TensorDataset(torch.randn(8, 5), torch.randint(3, (8,))), batch_size=6)
    return accuracy(model, loader, device)
"""},
}
