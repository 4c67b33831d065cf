"""Wrong answers that must lose points, and right answers that must get them all, for 09_regularization.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through (only the hidden tests catch it), with the reason.
"""

from instructor.notebooks import Answer, function_cell


def l2(body):
    return function_cell("l2_penalty(parameters, lam)", body, imports="import numpy as np\nimport torch")


L2_OK = "return lam * sum((p ** 2).sum() for p in parameters)"

SGD_L2 = """import torch
import torch.nn.functional as F
from tqdm.auto import tqdm


def sgd_with_l2(model, X, y, lam, lr, steps):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr{options})
    for _ in {loop}:
        {zero}
        loss = {loss}
        loss.backward()
        optimizer.step()


def weight_decay_for(lam):
    return {decay}
"""


def sgd_l2(options="", loop="range(steps)", zero="optimizer.zero_grad()",
           loss="F.cross_entropy(model(X), y) + l2_penalty(model.parameters(), lam)", decay="2 * lam"):
    return SGD_L2.format(options=options, loop=loop, zero=zero, loss=loss, decay=decay)


def drop(body):
    return function_cell("dropout(X, p, training, rng)", body)


def accuracy(body):
    return function_cell("accuracy(model, X, y)", body, imports="import torch")


ACCURACY_OK = """was_training = model.training
model.eval()
with torch.no_grad():
    predictions = model(X).argmax(dim=1)
model.train(was_training)
return (predictions == y).float().mean().item()"""

STOPPER = """import copy

import torch


class EarlyStopping:
    def __init__(self, patience):
        self.patience = patience
        self.best_loss = {initial}
        self.best_epoch = 0
        self.best_state = None
        self.epoch = 0
        self.waited = 0

    def step(self, val_loss, model):
        self.epoch += 1
        if {improved}:
            self.best_loss, self.best_epoch = val_loss, self.epoch{epoch_shift}
            self.best_state = {save}
            self.waited = 0
        else:
            self.waited += 1
        {extra}
        return {stop}

    def restore(self, model):
        {restore}
"""


def stopper(initial='float("inf")', improved="val_loss < self.best_loss", epoch_shift="",
            save="copy.deepcopy(model.state_dict())", extra="", stop="self.waited >= self.patience",
            restore="model.load_state_dict(self.best_state)"):
    return STOPPER.format(initial=initial, improved=improved, epoch_shift=epoch_shift, save=save, extra=extra,
                          stop=stop, restore=restore)


def shapes(bn="(40,)", ln="(16,)", bn2d="(8,)"):
    return f"bn_mean_shape = {bn}\nln_mean_shape = {ln}\nbn2d_mean_shape = {bn2d}"


def batchnorm(body):
    return function_cell("batchnorm_forward(X, gamma, beta, eps=1e-5)", body)


BN_OK = """mean = X.mean(axis=0)
var = ((X - mean) ** 2).mean(axis=0)
return gamma * (X - mean) / np.sqrt(var + eps) + beta"""


def sgd(body):
    return function_cell("sgd_step(theta, grad, lr, weight_decay=0.0)", body)


def momentum(body):
    return function_cell("momentum_step(theta, grad, state, lr, momentum=0.9, weight_decay=0.0)", body)


MOMENTUM_OK = """g = grad + weight_decay * theta
state["velocity"] = momentum * state.get("velocity", 0.0) + g
return theta - lr * state["velocity"]"""

ADAM = """beta1, beta2 = betas
g = {gradient}
state["t"] = state.get("t", {t0}) + 1
state["m"] = {b1} * state.get("m", 0.0) + (1 - {b1}) * g
state["v"] = {b2} * state.get("v", 0.0) + (1 - {b2}) * {square}
m_hat = state["m"] / {correct1}
v_hat = state["v"] / {correct2}
{store}return {update}"""


def adam(gradient="grad + weight_decay * theta", t0="0", b1="beta1", b2="beta2", square="g ** 2",
         correct1="(1 - beta1 ** state['t'])", correct2="(1 - beta2 ** state['t'])", store="",
         update="theta - lr * m_hat / (np.sqrt(v_hat) + eps)"):
    body = ADAM.format(gradient=gradient, t0=t0, b1=b1, b2=b2, square=square, correct1=correct1, correct2=correct2,
                       store=store, update=update)
    return function_cell("adam_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)",
                         body)


def regularized(model="make_mlp(256, dropout=0.2, norm='batch')", decay="0.0", augment="True", extra=""):
    return f"{extra}def make_model():\n    return {model}\n\n\nWEIGHT_DECAY = {decay}\nAUGMENT = {augment}"


WRONG = [
    # l2_penalty
    Answer("l2_penalty", "square root of the sum (the Frobenius norm)",
           l2("return lam * torch.sqrt(sum((p ** 2).sum() for p in parameters))")),
    Answer("l2_penalty", "absolute values (L1)", l2("return lam * sum(p.abs().sum() for p in parameters)")),
    Answer("l2_penalty", "lambda / 2", l2("return lam / 2 * sum((p ** 2).sum() for p in parameters)")),
    Answer("l2_penalty", "lambda forgotten", l2("return sum((p ** 2).sum() for p in parameters)")),
    Answer("l2_penalty", "first tensor only", l2("first = next(iter(parameters))\nreturn lam * (first ** 2).sum()")),
    Answer("l2_penalty", "mean of the squares",
           l2("return lam * torch.cat([p.flatten() for p in parameters]).pow(2).mean()")),
    Answer("l2_penalty", "a Python float (.item())", l2("return lam * sum((p ** 2).sum().item() for p in parameters)")),
    Answer("l2_penalty", "detached from the graph",
           l2("return lam * sum((p.detach() ** 2).sum() for p in parameters)")),
    Answer("l2_penalty", "generator read twice", l2(
        "count = len(list(parameters))\nreturn lam * sum((p ** 2).sum() for p in parameters) + 0 * count")),
    Answer("l2_penalty", "computed in NumPy", l2(
        "return lam * sum(np.sum(p.detach().numpy() ** 2) for p in parameters)")),
    # sgd_l2
    Answer("sgd_l2", "zero_grad forgotten", sgd_l2(zero="pass")),
    Answer("sgd_l2", "weight_decay_for returns lambda", sgd_l2(decay="lam")),
    Answer("sgd_l2", "weight_decay_for returns lambda / 2", sgd_l2(decay="lam / 2")),
    Answer("sgd_l2", "penalty left out of the loss", sgd_l2(loss="F.cross_entropy(model(X), y)")),
    Answer("sgd_l2", "one step too few", sgd_l2(loop="range(steps - 1)")),
    Answer("sgd_l2", "momentum added", sgd_l2(options=", momentum=0.9")),
    Answer("sgd_l2", "summed cross-entropy", sgd_l2(
        loss="F.cross_entropy(model(X), y, reduction='sum') + l2_penalty(model.parameters(), lam)")),
    Answer("sgd_l2", "penalty counted twice (in the loss and as weight_decay)",
           sgd_l2(options=", weight_decay=2 * lam")),
    Answer("sgd_l2", "weight_decay_for hard-coded for the visible lambda", sgd_l2(decay="0.1"),
           passes_visible="returns 0.1, right for the visible case lam = 0.05 only"),
    # dropout
    Answer("dropout", "no scaling (not inverted)", drop("return X * (rng.random(X.shape) >= p)")),
    Answer("dropout", "scaled by 1 / p", drop(
        "if not training:\n    return X\nreturn X * (rng.random(X.shape) >= p) / p")),
    Answer("dropout", "scaled by 1 - p", drop(
        "if not training:\n    return X\nreturn X * (rng.random(X.shape) >= p) * (1 - p)")),
    Answer("dropout", "keeps with probability p", drop(
        "if not training:\n    return X\nreturn X * (rng.random(X.shape) < p) / (1 - p)")),
    Answer("dropout", "one mask per column", drop(
        "if not training:\n    return X\nreturn X * (rng.random(X.shape[-1]) >= p) / (1 - p)")),
    Answer("dropout", "np.random instead of rng", drop(
        "if not training:\n    return X\nreturn X * (np.random.rand(*X.shape) >= p) / (1 - p)")),
    Answer("dropout", "a new generator with a fixed seed", drop(
        "if not training:\n    return X\nreturn X * (np.random.default_rng(0).random(X.shape) >= p) / (1 - p)")),
    Answer("dropout", "changes X in place", drop(
        "if not training:\n    return X\nX *= (rng.random(X.shape) >= p) / (1 - p)\nreturn X")),
    Answer("dropout", "scales at evaluation instead (old-style dropout)", drop(
        "if not training:\n    return X * (1 - p)\nreturn X * (rng.random(X.shape) >= p)")),
    Answer("dropout", "drops in evaluation too", drop("return X * (rng.random(X.shape) >= p) / (1 - p)")),
    Answer("dropout", "written with PyTorch", drop(
        "import torch\nreturn torch.nn.functional.dropout(torch.from_numpy(X), p, training).numpy()")),
    Answer("dropout", "drops exactly int(p * size) entries", drop(
        "if not training:\n    return X\nflat = np.ones(X.size)\nflat[rng.permutation(X.size)[:int(p * X.size)]] = 0\n"
        "return X * flat.reshape(X.shape) / (1 - p)")),
    # accuracy
    Answer("accuracy", "eval() forgotten", accuracy(
        "with torch.no_grad():\n    predictions = model(X).argmax(dim=1)\n"
        "return (predictions == y).float().mean().item()")),
    Answer("accuracy", "left in evaluation mode", accuracy(
        "model.eval()\nwith torch.no_grad():\n    predictions = model(X).argmax(dim=1)\n"
        "return (predictions == y).float().mean().item()")),
    Answer("accuracy", "always back to training mode", accuracy(
        "model.eval()\nwith torch.no_grad():\n    predictions = model(X).argmax(dim=1)\nmodel.train()\n"
        "return (predictions == y).float().mean().item()")),
    Answer("accuracy", "no torch.no_grad()", accuracy(
        "was = model.training\nmodel.eval()\npredictions = model(X).argmax(dim=1)\nmodel.train(was)\n"
        "return (predictions == y).float().mean().item()")),
    Answer("accuracy", "returns a tensor", accuracy(ACCURACY_OK.replace(".float().mean().item()", ".float().mean()"))),
    Answer("accuracy", "returns the count", accuracy(ACCURACY_OK.replace(".float().mean().item()", ".sum().item()"))),
    Answer("accuracy", "argmax over the batch axis", accuracy(ACCURACY_OK.replace("argmax(dim=1)", "argmax(dim=0)"))),
    # early_stopping
    Answer("early_stopping", "counter never reset", stopper().replace("            self.waited = 0\n", "")),
    Answer("early_stopping", "a tie counts as an improvement", stopper(improved="val_loss <= self.best_loss")),
    Answer("early_stopping", "stops one epoch late", stopper(stop="self.waited > self.patience")),
    Answer("early_stopping", "compares with the previous loss", """import copy


class EarlyStopping:
    def __init__(self, patience):
        self.patience, self.best_loss, self.best_epoch = patience, float("inf"), 0
        self.previous, self.epoch, self.waited, self.best_state = float("inf"), 0, 0, None

    def step(self, val_loss, model):
        self.epoch += 1
        self.waited = 0 if val_loss < self.previous else self.waited + 1
        self.previous = val_loss
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(model.state_dict())
        return self.waited >= self.patience

    def restore(self, model):
        model.load_state_dict(self.best_state)"""),
    Answer("early_stopping", "keeps a reference to the live weights", stopper(save="model.state_dict()")),
    Answer("early_stopping", "saves the weights at every epoch", stopper(
        extra="self.best_state = copy.deepcopy(model.state_dict())")),
    Answer("early_stopping", "restore does nothing", stopper(restore="pass")),
    Answer("early_stopping", "epochs counted from 0", stopper(epoch_shift=" - 1")),
    Answer("early_stopping", "best loss starts at 0", stopper(initial="0.0")),
    # augment
    Answer("augment", "shifts up to 4 pixels",
           "from torchvision.transforms import v2\n\naugment = v2.RandomCrop(28, padding=4)"),
    Answer("augment", "shifts up to 1 pixel",
           "from torchvision.transforms import v2\n\naugment = v2.RandomCrop(28, padding=1)"),
    Answer("augment", "adds a horizontal flip", "from torchvision.transforms import v2\n\n"
           "augment = v2.Compose([v2.RandomCrop(28, padding=2), v2.RandomHorizontalFlip()])"),
    Answer("augment", "adds a rotation", "from torchvision.transforms import v2\n\n"
           "augment = v2.Compose([v2.RandomCrop(28, padding=2), v2.RandomRotation(10)])"),
    Answer("augment", "adds inversion", "from torchvision.transforms import v2\n\n"
           "augment = v2.Compose([v2.RandomCrop(28, padding=2), v2.RandomInvert()])"),
    Answer("augment", "reflect padding", "from torchvision.transforms import v2\n\n"
           "augment = v2.RandomCrop(28, padding=2, padding_mode='reflect')"),
    Answer("augment", "padding without the crop", "from torchvision.transforms import v2\n\naugment = v2.Pad(2)"),
    Answer("augment", "always the same crop", "from torchvision.transforms import v2\n\n"
           "augment = v2.Compose([v2.Pad(2), v2.CenterCrop(28)])"),
    Answer("augment", "torch.roll wraps around", """import torch


def augment(image):
    dy, dx = torch.randint(-2, 3, (2,)).tolist()
    return torch.roll(image, (dy, dx), dims=(1, 2))"""),
    Answer("augment", "one random number for both axes", """import torch
import torch.nn.functional as F


def augment(image):
    d = int(torch.randint(-2, 3, (1,)))
    padded = F.pad(image, (2, 2, 2, 2))
    return padded[:, 2 + d:30 + d, 2 + d:30 + d]"""),
    # norm_shapes
    Answer("norm_shapes", "BatchNorm and LayerNorm swapped", shapes(bn="(16,)", ln="(40,)")),
    Answer("norm_shapes", "BatchNorm means kept as a row", shapes(bn="(1, 40)")),
    Answer("norm_shapes", "BatchNorm2d per position", shapes(bn2d="(8, 5, 5)")),
    Answer("norm_shapes", "BatchNorm2d per example", shapes(bn2d="(16,)")),
    Answer("norm_shapes", "LayerNorm per feature", shapes(ln="(40,)")),
    Answer("norm_shapes", "LayerNorm means kept as a column", shapes(ln="(16, 1)")),
    Answer("norm_shapes", "BatchNorm means of the shape of the input", shapes(bn="(16, 40)")),
    Answer("norm_shapes", "BatchNorm2d per image and channel (InstanceNorm)", shapes(bn2d="(16, 8)")),
    Answer("norm_shapes", "BatchNorm2d means kept with four axes", shapes(bn2d="(1, 8, 1, 1)")),
    Answer("norm_shapes", "floats in the shape", shapes(bn="(40.0,)")),
    # batchnorm
    Answer("batchnorm", "normalised over the features (LayerNorm)",
           batchnorm(BN_OK.replace("axis=0", "axis=1, keepdims=True"))),
    Answer("batchnorm", "unbiased variance", batchnorm(
        "mean = X.mean(axis=0)\nvar = X.var(axis=0, ddof=1)\nreturn gamma * (X - mean) / np.sqrt(var + eps) + beta")),
    Answer("batchnorm", "eps outside the square root",
           batchnorm(BN_OK.replace("np.sqrt(var + eps)", "(np.sqrt(var) + eps)"))),
    Answer("batchnorm", "no eps", batchnorm(BN_OK.replace("np.sqrt(var + eps)", "np.sqrt(var)"))),
    Answer("batchnorm", "eps argument ignored", batchnorm(BN_OK.replace("np.sqrt(var + eps)", "np.sqrt(var + 1e-5)"))),
    Answer("batchnorm", "gamma and beta swapped", batchnorm(BN_OK.replace(
        "return gamma * (X - mean) / np.sqrt(var + eps) + beta",
        "return beta * (X - mean) / np.sqrt(var + eps) + gamma"))),
    Answer("batchnorm", "divided by the variance", batchnorm(BN_OK.replace("np.sqrt(var + eps)", "(var + eps)"))),
    Answer("batchnorm", "written with PyTorch", batchnorm(
        "import torch\nimport torch.nn.functional as F\nreturn F.batch_norm(torch.from_numpy(X), None, None, "
        "torch.from_numpy(gamma), torch.from_numpy(beta), training=True, eps=eps).numpy()")),
    # sgd_step
    Answer("sgd_step", "weight decay without the learning rate",
           sgd("return theta - lr * grad - weight_decay * theta")),
    Answer("sgd_step", "weight decay with the wrong sign", sgd("return theta - lr * (grad - weight_decay * theta)")),
    Answer("sgd_step", "weight decay ignored", sgd("return theta - lr * grad")),
    Answer("sgd_step", "updates theta in place", sgd("theta -= lr * (grad + weight_decay * theta)\nreturn theta")),
    Answer("sgd_step", "adds the decay into grad", sgd("grad += weight_decay * theta\nreturn theta - lr * grad")),
    Answer("sgd_step", "written with PyTorch", sgd(
        "import torch\nreturn (torch.from_numpy(theta) - lr * (torch.from_numpy(grad) + weight_decay * "
        "torch.from_numpy(theta))).numpy()")),
    # momentum_step
    Answer("momentum_step", "dampening: an average of the gradients", momentum(
        MOMENTUM_OK.replace("momentum * state.get(\"velocity\", 0.0) + g",
                            "momentum * state.get(\"velocity\", 0.0) + (1 - momentum) * g"))),
    Answer("momentum_step", "Nesterov momentum", momentum(
        MOMENTUM_OK.replace("return theta - lr * state[\"velocity\"]",
                            "return theta - lr * (g + momentum * state[\"velocity\"])"))),
    Answer("momentum_step", "velocity not kept between steps", momentum(
        "velocity = momentum * 0.0 + grad + weight_decay * theta\nreturn theta - lr * velocity")),
    Answer("momentum_step", "momentum hard-coded to 0.9", momentum(MOMENTUM_OK.replace("momentum *", "0.9 *"))),
    Answer("momentum_step", "weight decay after the velocity", momentum(
        "state['velocity'] = momentum * state.get('velocity', 0.0) + grad\n"
        "return theta - lr * (state['velocity'] + weight_decay * theta)")),
    Answer("momentum_step", "velocity updated in place in theta's array", momentum(
        "g = grad + weight_decay * theta\nstate['velocity'] = momentum * state.get('velocity', 0.0) + g\n"
        "theta -= lr * state['velocity']\nreturn theta")),
    # adam_step
    Answer("adam_step", "bias correction missing", adam(correct1="1", correct2="1")),
    Answer("adam_step", "eps inside the square root", adam(update="theta - lr * m_hat / np.sqrt(v_hat + eps)")),
    Answer("adam_step", "steps counted from 0", adam(t0="-1")),
    Answer("adam_step", "betas swapped", adam(b1="beta2", b2="beta1")),
    Answer("adam_step", "decoupled weight decay (AdamW)", adam(
        gradient="grad", update="theta - lr * m_hat / (np.sqrt(v_hat) + eps) - lr * weight_decay * theta")),
    Answer("adam_step", "weight decay ignored", adam(gradient="grad")),
    Answer("adam_step", "corrected averages stored", adam(store="state['m'], state['v'] = m_hat, v_hat\n")),
    Answer("adam_step", "gradient not squared in v", adam(square="np.abs(g)")),
    Answer("adam_step", "no square root", adam(update="theta - lr * m_hat / (v_hat + eps)")),
    # regularized
    Answer("regularized", "no remedy at all (the baseline)", regularized(model="make_mlp(256)", augment="False")),
    Answer("regularized", "a softmax at the end", regularized(
        model="nn.Sequential(make_mlp(256, dropout=0.2), nn.Softmax(dim=1))", extra="from torch import nn\n\n\n")),
    Answer("regularized", "the same network at every call", regularized(model="SHARED", extra=(
        "SHARED = make_mlp(256, dropout=0.2, norm='batch')\n\n\n"))),
    Answer("regularized", "AUGMENT as a string", regularized(augment="'yes'", model="make_mlp(256)")),
    Answer("regularized", "nine classes", regularized(
        model="nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 9))",
        extra="from torch import nn\n\n\n")),
]

RIGHT = [
    # l2_penalty
    Answer("l2_penalty", "sum of p * p", l2("return lam * sum(torch.sum(p * p) for p in parameters)")),
    Answer("l2_penalty", "stacked sums", l2("return lam * torch.stack([p.pow(2).sum() for p in parameters]).sum()")),
    Answer("l2_penalty", "squared norms", l2("return lam * sum(p.norm() ** 2 for p in parameters)")),
    Answer("l2_penalty", "a loop", l2("total = 0.0\nfor p in parameters:\n    total = total + (p ** 2).sum()\n"
                                      "return lam * total")),
    # sgd_l2
    Answer("sgd_l2", "with a progress bar", sgd_l2(loop="tqdm(range(steps))")),
    Answer("sgd_l2", "model.zero_grad and the penalty written out", sgd_l2(
        zero="model.zero_grad()", loss="F.cross_entropy(model(X), y) + lam * sum((p ** 2).sum() for p in "
                                       "model.parameters())", decay="lam + lam")),
    # dropout
    Answer("dropout", "binomial mask", drop(
        "if not training:\n    return X\nreturn X * rng.binomial(1, 1 - p, size=X.shape) / (1 - p)")),
    Answer("dropout", "np.where on uniforms", drop(
        "if training and p > 0:\n    return np.where(rng.uniform(size=X.shape) < p, 0.0, X / (1 - p))\n"
        "return X.copy()")),
    Answer("dropout", "strict comparison", drop(
        "if not training:\n    return X\nmask = rng.random(X.shape) > p\nreturn X * mask / (1 - p)")),
    Answer("dropout", "rng.choice of the factors", drop(
        "if not training:\n    return X\nfactors = rng.choice([0.0, 1 / (1 - p)], size=X.shape, p=[p, 1 - p])\n"
        "return X * factors")),
    # accuracy
    Answer("accuracy", "inference_mode and a count", accuracy(
        "mode = model.training\nmodel.eval()\nwith torch.inference_mode():\n"
        "    right = (model(X).argmax(1) == y).sum()\n"
        "if mode:\n    model.train()\nreturn right.item() / len(y)")),
    Answer("accuracy", "float() of the mean", accuracy(
        "was = model.training\ntry:\n    model.eval()\n    with torch.no_grad():\n"
        "        return float((model(X).argmax(dim=-1) == y).float().mean())\nfinally:\n    model.train(was)")),
    # early_stopping
    Answer("early_stopping", "cloned tensors", stopper(
        save="{key: value.detach().clone() for key, value in model.state_dict().items()}")),
    Answer("early_stopping", "a copy of the whole model", stopper(
        save="copy.deepcopy(model)", restore="model.load_state_dict(self.best_state.state_dict())")),
    Answer("early_stopping", "counting from the best epoch",
           stopper(stop="self.epoch - self.best_epoch >= self.patience")),
    Answer("early_stopping", "copies with torch.tensor (warns)", stopper(
        save="{key: torch.tensor(value) for key, value in model.state_dict().items()}")),
    # augment
    Answer("augment", "Pad then RandomCrop", "from torchvision.transforms import v2\n\n"
           "augment = v2.Compose([v2.Pad(2), v2.RandomCrop(28)])"),
    Answer("augment", "RandomAffine with translate", "from torchvision.transforms import v2\n\n"
           "augment = v2.RandomAffine(degrees=0, translate=(2 / 28, 2 / 28))"),
    Answer("augment", "by hand with F.pad", """import torch
import torch.nn.functional as F


def augment(image):
    dy, dx = torch.randint(-2, 3, (2,)).tolist()
    padded = F.pad(image, (2, 2, 2, 2))
    return padded[:, 2 + dy:30 + dy, 2 + dx:30 + dx]"""),
    # norm_shapes
    Answer("norm_shapes", "lists", "bn_mean_shape = [40]\nln_mean_shape = [16]\nbn2d_mean_shape = [8]"),
    # batchnorm
    Answer("batchnorm", "np.var with keepdims", batchnorm(
        "mean = X.mean(axis=0, keepdims=True)\nvar = X.var(axis=0, keepdims=True)\n"
        "return (X - mean) / np.sqrt(var + eps) * gamma + beta")),
    Answer("batchnorm", "a loop over the features", batchnorm(
        "out = np.empty(X.shape)\nfor j in range(X.shape[1]):\n    column = X[:, j]\n"
        "    out[:, j] = gamma[j] * (column - column.mean()) / np.sqrt(column.var() + eps) + beta[j]\nreturn out")),
    # sgd_step
    Answer("sgd_step", "decay as a factor", sgd("return (1 - lr * weight_decay) * theta - lr * grad")),
    # momentum_step
    Answer("momentum_step", "velocity with the learning rate inside", momentum(
        "g = grad + weight_decay * theta\nstate['v'] = momentum * state.get('v', np.zeros_like(theta)) - lr * g\n"
        "return theta + state['v']")),
    Answer("momentum_step", "first step sets the velocity", momentum(
        "g = grad + weight_decay * theta\nif 'buf' not in state:\n    state['buf'] = g.copy()\nelse:\n"
        "    state['buf'] = momentum * state['buf'] + g\nreturn theta - lr * state['buf']")),
    # adam_step
    Answer("adam_step", "zeros_like state and a step counter", function_cell(
        "adam_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)",
        "if not state:\n    state.update(step=0, exp_avg=np.zeros_like(theta), exp_avg_sq=np.zeros_like(theta))\n"
        "if weight_decay:\n    grad = grad + weight_decay * theta\nstate['step'] += 1\n"
        "state['exp_avg'] = betas[0] * state['exp_avg'] + (1 - betas[0]) * grad\n"
        "state['exp_avg_sq'] = betas[1] * state['exp_avg_sq'] + (1 - betas[1]) * grad * grad\n"
        "m_hat = state['exp_avg'] / (1 - betas[0] ** state['step'])\n"
        "v_hat = state['exp_avg_sq'] / (1 - betas[1] ** state['step'])\n"
        "return theta - lr * m_hat / (np.sqrt(v_hat) + eps)")),
    # regularized
    Answer("regularized", "augmentation alone", regularized(model="make_mlp(256)")),
    Answer("regularized", "dropout 0.5 and augmentation", regularized(model="make_mlp(256, dropout=0.5)")),
    Answer("regularized", "BatchNorm, weight decay and augmentation", regularized(
        model="make_mlp(256, norm='batch')", decay="0.5")),
    Answer("regularized", "LayerNorm and augmentation, written out", regularized(
        model="nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.LayerNorm(256), nn.ReLU(), nn.Linear(256, 256), "
              "nn.LayerNorm(256), nn.ReLU(), nn.Linear(256, 10))", extra="from torch import nn\n\n\n")),
]
