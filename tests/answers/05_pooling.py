"""Wrong answers that must lose points, and right answers that must get them all, for 05_pooling.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason: it fits the visible case alone, so
only the hidden tests can catch it. Every other wrong answer fails a visible check whose message
names its mistake.
"""

from instructor.notebooks import Answer, function_cell


def pool1d(body, imports="import numpy as np"):
    return function_cell("pool1d(p, window, stride=1, mode='max')", body, imports)


def pool2d(body, imports="import numpy as np"):
    return function_cell("pool2d(X, size, stride=None, mode='max')", body, imports)


LOOP_1D = """p = np.asarray(p, dtype=float)
out = []
for i in range({count}):
    values = p[{start}:{start} + {window}]
    out.append({reduce})
return np.array(out{dtype})"""


def loop1d(count="(len(p) - window) // stride + 1", start="i * stride", window="window", dtype="",
           reduce="values.max() if mode == 'max' else values.mean()"):
    return pool1d(LOOP_1D.format(count=count, start=start, window=window, dtype=dtype, reduce=reduce))


LOOP_2D = """stride = {default} if stride is None else {given}
batch, channels, height, width = X.shape
out_h, out_w = {out_h}, {out_w}
out = {init}
for i in range(out_h):
    for j in range(out_w):
        window = X[:, :, {rows}, {cols}]
        out[:, :, i, j] = {reduce}
return out"""


def loop2d(default="size", given="stride", out_h="(height - size) // stride + 1", out_w="(width - size) // stride + 1",
           init="np.empty((batch, channels, out_h, out_w))", rows="i * stride:i * stride + size",
           cols="j * stride:j * stride + size",
           reduce="window.max(axis=(2, 3)) if mode == 'max' else window.mean(axis=(2, 3))"):
    return pool2d(LOOP_2D.format(default=default, given=given, out_h=out_h, out_w=out_w, init=init, rows=rows,
                                 cols=cols, reduce=reduce))


def adaptive(conv="(10, 5, 2, 2)", global_="(10, 5, 1, 1)", adaptive="(10, 5, 2, 3)"):
    return f"shape_conv = {conv}\nshape_global = {global_}\nshape_adaptive = {adaptive}"


def convnet(pool1="(1, 32, 11, 11)", pool2="(1, 64, 4, 4)", fc1="64 * 6 * 6"):
    return f"shape_after_pool1 = {pool1}\nshape_after_pool2 = {pool2}\nfc1_inputs_48 = {fc1}"


def flatten(pooled="(16, 30, 1, 1)", flat="(16, 30)", no_pool="(16, 30 * 26 * 26)"):
    return f"shape_pooled = {pooled}\nshape_flat = {flat}\nshape_flat_no_pool = {no_pool}"


def cnn(features, head="nn.Flatten(), nn.Linear(30, num_classes)", pool="nn.AdaptiveAvgPool2d((1, 1))"):
    """A Sequential CNNClassifier: `features` and `head` are layer lists written with in_channels and num_classes."""
    return f"""
import torch
from torch import nn


class CNNClassifier(nn.Module):
    def __init__(self, in_channels=3, num_classes=4):
        super().__init__()
        self.layers = nn.Sequential({features}, {pool}, {head})

    def forward(self, x):
        return self.layers(x)
"""


PLAIN = "nn.Conv2d(in_channels, 15, 3), nn.ReLU(), nn.Conv2d(15, 30, 5), nn.ReLU()"
FUNCTIONAL = """
import torch
import torch.nn.functional as F
from torch import nn


class CNNClassifier(nn.Module):
    def __init__(self, in_channels=3, num_classes=4):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(15, in_channels, 3, 3) * (2 / (in_channels * 9)) ** 0.5)
        self.b1 = nn.Parameter(torch.zeros(15))
        self.w2 = nn.Parameter(torch.randn(30, 15, 5, 5) * (2 / (15 * 25)) ** 0.5)
        self.b2 = nn.Parameter(torch.zeros(30))
        self.fc = nn.Linear(30, num_classes)

    def forward(self, x):
        {body}
"""


def functional(body):
    return FUNCTIONAL.format(body="\n        ".join(body.split("\n")))


FUNCTIONAL_OK = """h = F.relu(F.conv2d(x, self.w1, self.b1, padding=1))
h = F.relu(F.conv2d(h, self.w2, self.b2, padding=2))
return self.fc(h.mean(dim=(2, 3)))"""

PYTORCH_1D = """
import numpy as np
import torch
import torch.nn.functional as F

def pool1d(p, window, stride=1, mode="max"):
    t = torch.as_tensor(np.asarray(p, dtype=float))[None, None]
    pool = F.max_pool1d if mode == "max" else F.avg_pool1d
    return pool(t, window, stride)[0, 0].numpy()
"""

WRONG = [
    # pool1d
    Answer("pool1d", "stride ignored", loop1d(count="len(p) - window + 1", start="i")),
    Answer("pool1d", "stride used for the count, not for the starts", loop1d(start="i")),
    Answer("pool1d", "as many windows as for stride 1", loop1d(
        count="(len(p) - window) // stride + 1 if stride == 1 else len(p) - window + 1")),
    Answer("pool1d", "last window dropped", loop1d(count="(len(p) - window) // stride")),
    Answer("pool1d", "windows one entry short", loop1d(window="window - 1")),
    Answer("pool1d", "averages truncated to integers", pool1d(
        "out = np.zeros((len(p) - window) // stride + 1, dtype=np.asarray(p).dtype)\nfor i in range(len(out)):\n"
        "    values = np.asarray(p)[i * stride:i * stride + window]\n"
        "    out[i] = values.max() if mode == 'max' else values.mean()\nreturn out")),
    Answer("pool1d", "PyTorch's default stride (the window)", pool1d(
        "stride = window if stride == 1 else stride\n" + LOOP_1D.format(
            count="(len(p) - window) // stride + 1", start="i * stride", window="window", dtype="",
            reduce="values.max() if mode == 'max' else values.mean()"))),
    Answer("pool1d", "sum instead of average", loop1d(reduce="values.max() if mode == 'max' else values.sum()")),
    Answer("pool1d", "maximum starts from 0", loop1d(
        reduce="max(0.0, values.max()) if mode == 'max' else values.mean()")),
    Answer("pool1d", "PyTorch's pooling", PYTORCH_1D),
    Answer("pool1d", "PyTorch's unfold", pool1d(
        "windows = torch.from_numpy(np.asarray(p, dtype=float)).unfold(0, window, stride)\n"
        "return (windows.max(dim=1).values if mode == 'max' else windows.mean(dim=1)).numpy()",
        imports="import numpy as np\nimport torch")),
    # pool2d
    Answer("pool2d", "stride argument ignored", loop2d(given="size")),
    Answer("pool2d", "maximum starts from 0", loop2d(
        init="np.zeros((batch, channels, out_h, out_w))",
        reduce="np.maximum(out[:, :, i, j], window.max(axis=(2, 3))) if mode == 'max' else window.mean(axis=(2, 3))")),
    Answer("pool2d", "stride defaults to 1", loop2d(default="1")),
    Answer("pool2d", "partial windows kept (ceil)", loop2d(out_h="-(-(height - size) // stride) + 1",
                                                          out_w="-(-(width - size) // stride) + 1")),
    Answer("pool2d", "height used for both sides", loop2d(out_w="(height - size) // stride + 1")),
    Answer("pool2d", "rows and columns swapped", loop2d(out_h="(width - size) // stride + 1",
                                                        out_w="(height - size) // stride + 1",
                                                        rows="j * stride:j * stride + size",
                                                        cols="i * stride:i * stride + size")),
    Answer("pool2d", "pooled across channels too", loop2d(
        reduce="(window.max(axis=(1, 2, 3)) if mode == 'max' else window.mean(axis=(1, 2, 3)))[:, None]")),
    Answer("pool2d", "pooled across the batch too", loop2d(
        reduce="window.max(axis=(0, 2, 3)) if mode == 'max' else window.mean(axis=(0, 2, 3))")),
    Answer("pool2d", "average divides by size", loop2d(
        reduce="window.max(axis=(2, 3)) if mode == 'max' else window.sum(axis=(2, 3)) / size")),
    Answer("pool2d", "average as a sum", loop2d(
        reduce="window.max(axis=(2, 3)) if mode == 'max' else window.sum(axis=(2, 3))")),
    Answer("pool2d", "PyTorch's pooling", """
        import torch
        import torch.nn.functional as F

        def pool2d(X, size, stride=None, mode="max"):
            pool = F.max_pool2d if mode == "max" else F.avg_pool2d
            return pool(torch.as_tensor(X), size, stride).numpy()
        """),
    # adaptive_shapes
    Answer("adaptive_shapes", "convolution keeps the size", adaptive(conv="(10, 5, 4, 4)")),
    Answer("adaptive_shapes", "channels of the input", adaptive(conv="(10, 3, 2, 2)")),
    Answer("adaptive_shapes", "convolution side off by one", adaptive(conv="(10, 5, 1, 1)")),
    Answer("adaptive_shapes", "global pooling drops the spatial axes", adaptive(global_="(10, 5)")),
    Answer("adaptive_shapes", "global pooling merges the channels", adaptive(global_="(10, 1, 1, 1)")),
    Answer("adaptive_shapes", "output size read as the window", adaptive(adaptive="(10, 5, 6, 4)")),
    Answer("adaptive_shapes", "floats", adaptive(conv="(10.0, 5.0, 2.0, 2.0)")),
    # convnet_shapes
    Answer("convnet_shapes", "pooling with stride 1", convnet(pool1="(1, 32, 32, 32)", pool2="(1, 64, 32, 32)",
                                                              fc1="64 * 48 * 48")),
    Answer("convnet_shapes", "pooling halves", convnet(pool1="(1, 32, 16, 16)", pool2="(1, 64, 8, 8)",
                                                          fc1="64 * 12 * 12")),
    Answer("convnet_shapes", "padding of the pooling forgotten", convnet(pool1="(1, 32, 10, 10)", pool2="(1, 64, 3, 3)",
                                                                        fc1="64 * 5 * 5")),
    Answer("convnet_shapes", "pooling rounds up", convnet(pool1="(1, 32, 12, 12)")),
    Answer("convnet_shapes", "no batch axis", convnet(pool1="(32, 11, 11)", pool2="(64, 4, 4)")),
    Answer("convnet_shapes", "channels of the second pooling from conv2", convnet(pool2="(1, 32, 4, 4)")),
    Answer("convnet_shapes", "fc1 inputs of the 32 x 32 listing", convnet(fc1="64 * 4 * 4")),
    Answer("convnet_shapes", "fc1 inputs without the channels", convnet(fc1="6 * 6")),
    Answer("convnet_shapes", "fc1 inputs for 48 x 48 without the padding", convnet(fc1="64 * 5 * 5")),
    Answer("convnet_shapes", "fc1 inputs after one pooling only", convnet(fc1="64 * 16 * 16")),
    Answer("convnet_shapes", "fc1 inputs as a float", convnet(fc1="2304.0")),
    # flatten
    Answer("flatten", "pooling drops the spatial axes", flatten(pooled="(16, 30)")),
    Answer("flatten", "flatten merges the batch too", flatten(flat="(480,)")),
    Answer("flatten", "flatten drops the batch", flatten(flat="(30,)")),
    Answer("flatten", "padding assumed", flatten(no_pool="(16, 30 * 32 * 32)")),
    Answer("flatten", "only the 5 x 5 convolution shrinks", flatten(no_pool="(16, 30 * 28 * 28)")),
    Answer("flatten", "channels forgotten", flatten(no_pool="(16, 26 * 26)")),
    Answer("flatten", "flatten keeps the channels", flatten(no_pool="(16, 30, 26 * 26)")),
    # cnn: the scores
    Answer("cnn", "num_classes ignored", cnn(PLAIN, head="nn.Flatten(), nn.Linear(30, 4)")),
    Answer("cnn", "in_channels ignored", cnn("nn.Conv2d(3, 15, 3), nn.ReLU(), nn.Conv2d(15, 30, 5), nn.ReLU()")),
    Answer("cnn", "in_channels used only for the sizes the visible check tries", cnn(
        "nn.Conv2d(in_channels if in_channels in (1, 3) else 3, 15, 3), nn.ReLU(), nn.Conv2d(15, 30, 5), nn.ReLU()"),
        passes_visible="it fits the visible sizes alone: in_channels is read only when it is 1 or 3, the two "
                       "channel counts the visible check builds"),
    Answer("cnn", "softmax at the end", cnn(PLAIN, head="nn.Flatten(), nn.Linear(30, num_classes), nn.Softmax(dim=1)")),
    Answer("cnn", "squeeze instead of flatten", cnn(PLAIN, head="nn.Linear(30, num_classes)").replace(
        "return self.layers(x)", "return self.layers[-1](self.layers[:-1](x).squeeze())")),
    # cnn: the convolutions
    Answer("cnn", "kernel sizes swapped", cnn(
        "nn.Conv2d(in_channels, 15, 5), nn.ReLU(), nn.Conv2d(15, 30, 3), nn.ReLU()")),
    Answer("cnn", "filter counts swapped", cnn(
        "nn.Conv2d(in_channels, 30, 3), nn.ReLU(), nn.Conv2d(30, 15, 5), nn.ReLU()",
        head="nn.Flatten(), nn.Linear(15, num_classes)")),
    Answer("cnn", "a third convolution", cnn(PLAIN + ", nn.Conv2d(30, 30, 1), nn.ReLU()")),
    # cnn: the ReLUs
    Answer("cnn", "no ReLU after the first convolution", cnn(
        "nn.Conv2d(in_channels, 15, 3), nn.Conv2d(15, 30, 5), nn.ReLU()")),
    Answer("cnn", "no ReLU after the second convolution", cnn(
        "nn.Conv2d(in_channels, 15, 3), nn.ReLU(), nn.Conv2d(15, 30, 5)")),
    Answer("cnn", "no ReLU at all", cnn("nn.Conv2d(in_channels, 15, 3), nn.Conv2d(15, 30, 5)")),
    Answer("cnn", "leaky ReLUs", cnn(
        "nn.Conv2d(in_channels, 15, 3), nn.LeakyReLU(0.1), nn.Conv2d(15, 30, 5), nn.LeakyReLU(0.1)")),
    Answer("cnn", "ReLU after the pooling, not after the second convolution", cnn(
        "nn.Conv2d(in_channels, 15, 3), nn.ReLU(), nn.Conv2d(15, 30, 5)",
        pool="nn.AdaptiveAvgPool2d((1, 1)), nn.ReLU()")),
    Answer("cnn", "second convolution fed the first one's output before its ReLU", functional(
        "z = F.conv2d(x, self.w1, self.b1)\nh = F.relu(z)\nh = F.relu(F.conv2d(z, self.w2, self.b2))\n"
        "return self.fc(h.mean(dim=(2, 3)))")),
    # cnn: the pooling
    Answer("cnn", "max pooling instead of average", cnn(PLAIN, pool="nn.AdaptiveMaxPool2d((1, 1))")),
    Answer("cnn", "max pooling after the second ReLU, then average pooling", cnn(
        PLAIN, pool="nn.MaxPool2d(2), nn.AdaptiveAvgPool2d((1, 1))")),
    Answer("cnn", "windowed max pooling, then all positions", cnn(
        PLAIN, pool="nn.MaxPool2d(2)", head="nn.Flatten(), nn.Linear(30 * 13 * 13, num_classes)")),
    Answer("cnn", "no pooling: flatten all positions", cnn(PLAIN, pool="nn.Identity()",
                                                           head="nn.Flatten(), nn.Linear(30 * 26 * 26, num_classes)")),
    Answer("cnn", "average pooling over overlapping windows", cnn(
        PLAIN, pool="nn.AvgPool2d(2, stride=1)", head="nn.Flatten(), nn.Linear(30 * 25 * 25, num_classes)")),
    Answer("cnn", "average over the channels instead of the positions", functional(
        "h = F.relu(F.conv2d(x, self.w1, self.b1))\nh = F.relu(F.conv2d(h, self.w2, self.b2))\n"
        "return self.fc(h.mean(dim=1).flatten(1)[:, :30])")),
    # cnn: the learned weights
    Answer("cnn", "weights as plain tensors, not parameters", """
        import torch
        import torch.nn.functional as F
        from torch import nn


        class CNNClassifier(nn.Module):
            def __init__(self, in_channels=3, num_classes=4):
                super().__init__()
                self.w1 = torch.randn(15, in_channels, 3, 3) * 0.2
                self.w2 = torch.randn(30, 15, 5, 5) * 0.1
                self.fc = nn.Linear(30, num_classes)

            def forward(self, x):
                h = F.relu(F.conv2d(x, self.w1))
                return self.fc(F.relu(F.conv2d(h, self.w2)).mean(dim=(2, 3)))
        """),
    Answer("cnn", "convolutions frozen", cnn(PLAIN).replace(
        "    def forward(self, x):\n        return self.layers(x)",
        "    def forward(self, x):\n        for layer in list(self.layers)[:4]:\n"
        "            x = layer(x).detach()\n        for layer in list(self.layers)[4:]:\n"
        "            x = layer(x)\n        return x")),
    Answer("cnn", "batch normalization", cnn(
        "nn.Conv2d(in_channels, 15, 3, padding=1, bias=False), nn.BatchNorm2d(15), nn.ReLU(), "
        "nn.Conv2d(15, 30, 5, padding=2, bias=False), nn.BatchNorm2d(30), nn.ReLU()")),
    Answer("cnn", "a hidden layer in the classifier", cnn(
        PLAIN, head="nn.Flatten(), nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, num_classes)")),
]

LAZY = """
import torch
from torch import nn


class CNNClassifier(nn.Module):
    def __init__(self, in_channels=3, num_classes=4):
        super().__init__()  # lazy layers find their input sizes at the first call
        self.features = nn.Sequential(nn.LazyConv2d(15, 3), nn.ReLU(), nn.LazyConv2d(30, 5), nn.ReLU())
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.LazyLinear(num_classes))

    def forward(self, x):
        return self.head(self.features(x))
"""

RIGHT = [
    # pool1d
    Answer("pool1d", "sliding_window_view", pool1d(
        "windows = np.lib.stride_tricks.sliding_window_view(np.asarray(p, dtype=float), window)[::stride]\n"
        "return windows.max(axis=1) if mode == 'max' else windows.mean(axis=1)")),
    Answer("pool1d", "range with a step", pool1d(
        "p = np.asarray(p, dtype=float)\nstarts = range(0, len(p) - window + 1, stride)\n"
        "reduce = np.max if mode == 'max' else np.mean\nreturn np.array([reduce(p[s:s + window]) for s in starts])")),
    Answer("pool1d", "sum divided by the window", loop1d(
        reduce="values.max() if mode == 'max' else values.sum() / window")),
    # pool2d
    Answer("pool2d", "sliding_window_view", pool2d(
        "stride = stride or size\n"
        "windows = np.lib.stride_tricks.sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]\n"
        "return windows.max(axis=(4, 5)) if mode == 'max' else windows.mean(axis=(4, 5))")),
    Answer("pool2d", "four loops", pool2d(
        "stride = size if stride is None else stride\nb, c, h, w = X.shape\n"
        "out = np.zeros((b, c, (h - size) // stride + 1, (w - size) // stride + 1))\n"
        "for n in range(b):\n    for k in range(c):\n        for i in range(out.shape[2]):\n"
        "            for j in range(out.shape[3]):\n"
        "                win = X[n, k, i * stride:i * stride + size, j * stride:j * stride + size]\n"
        "                out[n, k, i, j] = np.max(win) if mode == 'max' else np.mean(win)\nreturn out")),
    Answer("pool2d", "maximum of shifted slices", pool2d(
        "stride = size if stride is None else stride\nh = (X.shape[2] - size) // stride + 1\n"
        "w = (X.shape[3] - size) // stride + 1\n"
        "parts = [X[:, :, a:a + (h - 1) * stride + 1:stride, b:b + (w - 1) * stride + 1:stride]\n"
        "         for a in range(size) for b in range(size)]\n"
        "return np.max(parts, axis=0) if mode == 'max' else np.mean(parts, axis=0)")),
    # adaptive_shapes
    Answer("adaptive_shapes", "computed", "import torch\nfrom torch import nn\n"
           "shape_conv = out.shape\nshape_global = avg_pool(out).shape\n"
           "shape_adaptive = nn.AdaptiveAvgPool2d((2, 3))(torch.zeros(10, 5, 13, 13)).shape"),
    Answer("adaptive_shapes", "lists", adaptive("[10, 5, 2, 2]", "[10, 5, 1, 1]", "[10, 5, 2, 3]")),
    # convnet_shapes
    Answer("convnet_shapes", "computed with the formula", convnet(
        "(1, 32, (32 + 2 - 3) // 3 + 1, (32 + 2 - 3) // 3 + 1)",
        "(1, 64, (11 + 2 - 3) // 3 + 1, (11 + 2 - 3) // 3 + 1)",
        "64 * ((((48 + 2 - 3) // 3 + 1) + 2 - 3) // 3 + 1) ** 2")),
    Answer("convnet_shapes", "computed by running the listing", "import torch\n"
           "def pooled_shapes(side):\n    h, sizes = torch.rand(1, 3, side, side), []\n"
           "    for layer in ConvNet().features:\n        h = layer(h)\n"
           "        if isinstance(layer, torch.nn.MaxPool2d):\n            sizes.append(tuple(h.shape))\n"
           "    return sizes, h[0].numel()\n\n"
           "(shape_after_pool1, shape_after_pool2), _ = pooled_shapes(32)\nfc1_inputs_48 = pooled_shapes(48)[1]"),
    Answer("convnet_shapes", "written out", convnet(fc1="2304")),
    # flatten
    Answer("flatten", "computed", "import torch\nfrom torch import nn\n"
           "maps = nn.Conv2d(15, 30, 5)(nn.Conv2d(3, 15, 3)(torch.zeros(16, 3, 32, 32)))\n"
           "shape_pooled = tuple(nn.AdaptiveAvgPool2d(1)(maps).shape)\n"
           "shape_flat = tuple(torch.flatten(nn.AdaptiveAvgPool2d(1)(maps), 1).shape)\n"
           "shape_flat_no_pool = (16, maps[0].numel())"),
    Answer("flatten", "written out", flatten(no_pool="(16, 20280)")),
    # cnn
    Answer("cnn", "Sequential with padding and max pooling after the first ReLU", cnn(
        "nn.Conv2d(in_channels, 15, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(15, 30, 5, padding=2), "
        "nn.ReLU()")),
    Answer("cnn", "functional convolutions with Parameters and a mean", functional(FUNCTIONAL_OK)),
    Answer("cnn", "2 x 2 average pooling, then a flatten of all windows", cnn(
        PLAIN, pool="nn.AvgPool2d(2)", head="nn.Flatten(), nn.Linear(30 * 13 * 13, num_classes)")),
    Answer("cnn", "lazy layers, adaptive average pooling to 2 x 2, then a flatten", LAZY),
    Answer("cnn", "padding that makes the second maps 38 x 38", cnn(
        "nn.Conv2d(in_channels, 15, 3, padding=2), nn.ReLU(), nn.Conv2d(15, 30, 5, padding=4), nn.ReLU()")),
    Answer("cnn", "strided second convolution, reflect padding, in-place ReLUs, dropout of whole maps, no biases "
                  "(PyTorch warns about Dropout2d on flat features)", cnn(
        "nn.Conv2d(in_channels, 15, 3, padding=1, padding_mode='reflect', bias=False), nn.ReLU(inplace=True), "
        "nn.Dropout2d(0.1), nn.Conv2d(15, 30, 5, stride=2, bias=False), nn.ReLU(inplace=True)",
        head="nn.Flatten(), nn.Dropout2d(0.1), nn.Linear(30, num_classes, bias=False)")),
    Answer("cnn", "max pooling before the ReLU, then clamp", functional(
        "h = F.max_pool2d(F.conv2d(x, self.w1, self.b1, padding=1), 2).clamp(min=0)\n"
        "h = F.conv2d(h, self.w2, self.b2).clamp(min=0)\n"
        "return self.fc(F.adaptive_avg_pool2d(h, 1).view(len(x), -1))")),
    Answer("cnn", "conv2d imported by name, ReLU as a maximum with 0, fixed 28 x 28 average pooling, torch.flatten", """
        import torch
        from torch import nn
        from torch.nn.functional import conv2d


        class CNNClassifier(nn.Module):
            def __init__(self, in_channels=3, num_classes=4):
                super().__init__()
                self.first = nn.Conv2d(in_channels, 15, 3, padding=1)
                self.second = nn.Conv2d(15, 30, 5)
                self.out = nn.Linear(30, num_classes)

            def forward(self, x):
                zero = torch.zeros(())
                h = torch.maximum(conv2d(x, self.first.weight, self.first.bias, padding=1), zero)
                h = torch.maximum(conv2d(h, self.second.weight, self.second.bias), zero)
                return self.out(torch.flatten(nn.functional.avg_pool2d(h, 28), 1))
        """),
]
