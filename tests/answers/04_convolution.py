"""Wrong answers that must lose points, and right answers that must get them all, for 04_convolution.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason (only an answer that fits the visible
case alone may): only the hidden tests catch it. Every other wrong answer fails the visible checks
with a message that names its mistake.
"""

from instructor.notebooks import Answer, function_cell


def function(name, signature, body):
    return function_cell(f"{name}({signature})", body, imports="import numpy as np\nimport torch\nfrom torch import nn")


def param_count(body):
    return function("conv_param_count", "in_channels, out_channels, kernel_size, bias=True", body)


def output_size(body):
    return function("conv_output_size", "size, kernel_size, stride=1, padding=0", body)


def loops(body):
    return function("conv2d_relu_loops", "X, W, b", body)


def layer(body):
    return function("conv_layer_from_numpy", "W, b", body)


def fast(body):
    return function("conv2d_fast", "X, W, b, stride=1, padding=0", body)


def multichannel(sums="(308, -498, 164)", output="-25"):
    return f"channel_sums = {sums}\nmultichannel_output = {output}"


def layer_shapes(out="(32, 5, 2, 2)", first="(5, 2, 2)"):
    return f"out_shape = {out}\nfirst_image_shape = {first}"


# The reference loops, with one line changed by each wrong answer.
LOOPS = """n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
out = np.zeros((n_images, n_filters, height - kh + 1, width - kw + 1))
for n in range(n_images):
    for f in range(n_filters):
        for i in range(height - kh + 1):
            for j in range(width - kw + 1):
                out[n, f, i, j] = np.sum(X[n, :, i:i + kh, j:j + kw] * W[f]) + b[f]
return np.maximum(out, 0)"""

# The reference layer.
LAYER = """n_filters, in_channels, kh, kw = W.shape
layer = nn.Conv2d(in_channels, n_filters, kernel_size=(kh, kw))
with torch.no_grad():
    layer.weight.copy_(torch.from_numpy(W))
    layer.bias.copy_(torch.from_numpy(b))
return layer"""

PAD = "padded = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"

# The reference im2col.
FAST = """n_images, channels = X.shape[:2]
n_filters, _, kh, kw = W.shape
padded = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
h_out, w_out = windows.shape[2], windows.shape[3]
rows = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n_images * h_out * w_out, channels * kh * kw)
out = rows @ W.reshape(n_filters, -1).T + b
return out.reshape(n_images, h_out, w_out, n_filters).transpose(0, 3, 1, 2)"""


def changed(code, old, new):
    assert old in code, old
    return code.replace(old, new)


WRONG = [
    # conv1d_by_hand
    Answer("conv1d_by_hand", "full convolution with zero padding", "conv1d_by_hand = [2, 7, 9, 8, 9, 8, 5, 1]"),
    Answer("conv1d_by_hand", "window sums without the weights", "conv1d_by_hand = [6, 7, 6, 6]"),
    Answer("conv1d_by_hand", "one product forgotten", "conv1d_by_hand = [9, 8, 9, 7]"),
    Answer("conv1d_by_hand", "stops one position early", "conv1d_by_hand = [9, 8, 9]"),
    Answer("conv1d_by_hand", "window averages", "conv1d_by_hand = [2.25, 2.0, 2.25, 2.0]"),
    # conv2d_by_hand
    Answer("conv2d_by_hand", "SciPy's convolve2d flips the kernel", """
        import numpy as np
        from scipy.signal import convolve2d

        conv2d_by_hand = convolve2d(np.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [5, 4, 3, 2, 1], [10, 9, 8, 7, 6]]),
                                    np.array([[1, 0, -1], [0, 1, -1], [2, 0, 1]]), mode="valid")
        """),
    Answer("conv2d_by_hand", "transposed", "conv2d_by_hand = [[10, 27], [7, 24], [4, 21]]"),
    Answer("conv2d_by_hand", "first row only", "conv2d_by_hand = [[10, 7, 4]]"),
    Answer("conv2d_by_hand", "one sign wrong", "conv2d_by_hand = [[10, 7, 4], [27, 24, 23]]"),
    Answer("conv2d_by_hand", "zero padding to the input size", """
        import numpy as np
        from scipy.signal import correlate2d

        conv2d_by_hand = correlate2d(np.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [5, 4, 3, 2, 1], [10, 9, 8, 7, 6]]),
                                     np.array([[1, 0, -1], [0, 1, -1], [2, 0, 1]]), mode="same")
        """),
    # multichannel_by_hand
    Answer("multichannel_by_hand", "bias added to every channel", multichannel(output="-23")),
    Answer("multichannel_by_hand", "bias forgotten", multichannel(output="-26")),
    Answer("multichannel_by_hand", "channels in reverse order", multichannel(sums="(164, -498, 308)")),
    Answer("multichannel_by_hand", "no padding: the first 3 x 3 pixels", """
        import numpy as np

        sums = (corner[:, :3, :3] * kernel_rgb).sum(axis=(1, 2))
        channel_sums = tuple(int(s) for s in sums)
        multichannel_output = sum(channel_sums) + 1
        """),
    Answer("multichannel_by_hand", "kernel flipped", """
        sums = (corner_padded[:, :3, :3] * kernel_rgb[:, ::-1, ::-1]).sum(axis=(1, 2))
        channel_sums = tuple(int(s) for s in sums)
        multichannel_output = sum(channel_sums) + 1
        """),
    # param_count
    Answer("param_count", "bias not counted", param_count(
        "kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size\n"
        "return out_channels * in_channels * kh * kw")),
    Answer("param_count", "one bias for the whole layer", param_count(
        "kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size\n"
        "return out_channels * in_channels * kh * kw + int(bias)")),
    Answer("param_count", "input channels ignored", param_count(
        "kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size\n"
        "return out_channels * (kh * kw + int(bias))")),
    Answer("param_count", "bias flag ignored", param_count(
        "kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size\n"
        "return out_channels * (in_channels * kh * kw + 1)")),
    Answer("param_count", "a tuple kernel taken as square", param_count(
        "k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]\n"
        "return out_channels * (in_channels * k * k + int(bias))")),
    Answer("param_count", "a float", param_count(
        "kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size\n"
        "return out_channels * (in_channels * kh * kw + 1.0 * bias)")),
    # conv_loops
    Answer("conv_loops", "kernel flipped (true convolution)", loops(changed(
        LOOPS, "* W[f]) + b[f]", "* W[f, :, ::-1, ::-1]) + b[f]"))),
    Answer("conv_loops", "no ReLU", loops(changed(LOOPS, "return np.maximum(out, 0)", "return out"))),
    Answer("conv_loops", "bias added after the ReLU", loops(changed(changed(
        LOOPS, "* W[f]) + b[f]", "* W[f])"), "return np.maximum(out, 0)",
        "return np.maximum(out, 0) + b[None, :, None, None]"))),
    Answer("conv_loops", "first channel only", loops(changed(
        LOOPS, "np.sum(X[n, :, i:i + kh, j:j + kw] * W[f])", "np.sum(X[n, 0, i:i + kh, j:j + kw] * W[f, 0])"))),
    Answer("conv_loops", "square images assumed", loops(changed(
        LOOPS, "width - kw + 1))\n", "height - kw + 1))\n").replace(
        "for j in range(width - kw + 1)", "for j in range(height - kw + 1)"))),
    Answer("conv_loops", "square kernels assumed", loops(changed(
        LOOPS, "n_filters, _, kh, kw = W.shape", "n_filters, _, kh, _ = W.shape\nkw = kh"))),
    Answer("conv_loops", "output one position too small", loops(changed(changed(changed(
        LOOPS, "height - kh + 1, width - kw + 1)", "height - kh, width - kw)"),
        "range(height - kh + 1)", "range(height - kh)"), "range(width - kw + 1)", "range(width - kw)"))),
    Answer("conv_loops", "rule broken: PyTorch's conv2d", """
        import numpy as np
        import torch
        import torch.nn.functional as F

        def conv2d_relu_loops(X, W, b):
            return F.relu(F.conv2d(torch.from_numpy(X), torch.from_numpy(W), torch.from_numpy(b))).numpy()
        """),
    Answer("conv_loops", "rule broken: SciPy's correlate", loops("""from scipy.signal import correlate

n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
out = np.zeros((n_images, n_filters, height - kh + 1, width - kw + 1))
for n in range(n_images):
    for f in range(n_filters):
        out[n, f] = correlate(X[n], W[f], mode="valid")[0] + b[f]
return np.maximum(out, 0)""")),
    Answer("conv_loops", "every filter gets the first bias", loops(changed(LOOPS, "+ b[f]", "+ b[0]"))),
    Answer("conv_loops", "window rows and columns swapped", loops(changed(
        LOOPS, "X[n, :, i:i + kh, j:j + kw]", "X[n, :, j:j + kw, i:i + kh]"))),
    # conv_layer
    Answer("conv_layer", "bias not copied", layer(changed(LAYER, "    layer.bias.copy_(torch.from_numpy(b))\n", ""))),
    Answer("conv_layer", "kernel flipped", layer(changed(
        LAYER, "copy_(torch.from_numpy(W))", "copy_(torch.from_numpy(W[:, :, ::-1, ::-1].copy()))"))),
    Answer("conv_layer", "padding 1", layer(changed(
        LAYER, "kernel_size=(kh, kw))", "kernel_size=(kh, kw), padding=1)"))),
    Answer("conv_layer", "square kernel from W.shape[2]", layer(changed(
        LAYER, "kernel_size=(kh, kw))", "kernel_size=kh)"))),
    Answer("conv_layer", "three input channels assumed", layer(changed(
        LAYER, "nn.Conv2d(in_channels,", "nn.Conv2d(3,"))),
    Answer("conv_layer", "float64 parameters", layer(changed(LAYER, "return layer", "return layer.double()"))),
    Answer("conv_layer", "parameters frozen", layer(changed(
        LAYER, "return layer", "layer.requires_grad_(False)\nreturn layer"))),
    # layer_shapes
    Answer("layer_shapes", "batch axis dropped", layer_shapes(out="(5, 2, 2)")),
    Answer("layer_shapes", "channels last", layer_shapes(out="(32, 2, 2, 5)", first="(2, 2, 5)")),
    Answer("layer_shapes", "no shrinking", layer_shapes(out="(32, 5, 4, 4)", first="(5, 4, 4)")),
    Answer("layer_shapes", "input channels kept", layer_shapes(out="(32, 3, 2, 2)", first="(3, 2, 2)")),
    Answer("layer_shapes", "out[0] keeps a batch axis", layer_shapes(first="(1, 5, 2, 2)")),
    # output_size
    Answer("output_size", "true division", output_size("return (size + 2 * padding - kernel_size) / stride + 1")),
    Answer("output_size", "padding on one side", output_size("return (size + padding - kernel_size) // stride + 1")),
    Answer("output_size", "no + 1", output_size("return (size + 2 * padding - kernel_size) // stride")),
    Answer("output_size", "rounded up", output_size(
        "return -(-(size + 2 * padding - kernel_size) // stride) + 1")),
    Answer("output_size", "the + 1 inside the division", output_size(
        "return (size + 2 * padding - kernel_size + 1) // stride")),
    Answer("output_size", "stride ignored", output_size("return size + 2 * padding - kernel_size + 1")),
    Answer("output_size", "a table of the visible examples", output_size(
        "table = {(4, 3, 1, 0): 2, (28, 3, 1, 1): 28, (28, 3, 2, 1): 14, (28, 7, 3, 2): 9, (224, 7, 2, 3): 112}\n"
        "return table.get((size, kernel_size, stride, padding), size)"),
        passes_visible="returns the five visible examples' values from a table, and the input size otherwise"),
    # conv_fast
    Answer("conv_fast", "still loops", fast(PAD + """
n_images, _, height, width = padded.shape
n_filters, _, kh, kw = W.shape
h_out, w_out = (height - kh) // stride + 1, (width - kw) // stride + 1
out = np.zeros((n_images, n_filters, h_out, w_out))
for n in range(n_images):
    for f in range(n_filters):
        for i in range(h_out):
            for j in range(w_out):
                window = padded[n, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                out[n, f, i, j] = np.sum(window * W[f]) + b[f]
return out""")),
    Answer("conv_fast", "kernel flipped", fast(changed(FAST, "W.reshape(n_filters, -1)",
                                                       "W[:, :, ::-1, ::-1].reshape(n_filters, -1)"))),
    Answer("conv_fast", "ReLU applied", fast(changed(FAST, "out = rows @ W.reshape(n_filters, -1).T + b",
                                                     "out = np.maximum(rows @ W.reshape(n_filters, -1).T + b, 0)"))),
    Answer("conv_fast", "padding on every axis", fast(changed(
        FAST, "np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))", "np.pad(X, padding)"))),
    Answer("conv_fast", "padding repeats the edge", fast(changed(
        FAST, "(padding, padding), (padding, padding)))", "(padding, padding), (padding, padding)), mode='edge')"))),
    Answer("conv_fast", "stride along rows only", fast(changed(
        FAST, "[:, :, ::stride, ::stride]", "[:, :, ::stride]"))),
    Answer("conv_fast", "filter axis not moved", fast(changed(
        FAST, "out.reshape(n_images, h_out, w_out, n_filters).transpose(0, 3, 1, 2)",
        "out.reshape(n_images, n_filters, h_out, w_out)"))),
    Answer("conv_fast", "square images assumed", fast(changed(
        FAST, "h_out, w_out = windows.shape[2], windows.shape[3]", "h_out = w_out = windows.shape[2]"))),
    Answer("conv_fast", "square kernels assumed", fast(changed(
        FAST, "n_filters, _, kh, kw = W.shape", "n_filters, _, kh, _ = W.shape\nkw = kh"))),
    Answer("conv_fast", "rule broken: PyTorch's conv2d", """
        import numpy as np
        import torch
        import torch.nn.functional as F

        def conv2d_fast(X, W, b, stride=1, padding=0):
            return F.conv2d(torch.from_numpy(X), torch.from_numpy(W), torch.from_numpy(b), stride=stride,
                            padding=padding).numpy()
        """),
    Answer("conv_fast", "rule broken: SciPy's correlate for each image and filter", fast(PAD + """
from scipy.signal import correlate

n_filters, _, kh, kw = W.shape
out = np.stack([np.stack([correlate(image, w, mode="valid")[0] + bias for w, bias in zip(W, b)]) for image in padded])
return out[:, :, ::stride, ::stride]""")),
    Answer("conv_fast", "rule broken: a loop over the images", fast("""n_filters, _, kh, kw = W.shape
padded = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
outs = []
for image in padded:
    windows = np.lib.stride_tricks.sliding_window_view(image, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]
    outs.append(np.einsum("chwuv,fcuv->fhw", windows, W) + b[:, None, None])
return np.stack(outs)""")),
    Answer("conv_fast", "rule broken: a loop over the positions", fast(PAD + """
n_images, _, height, width = padded.shape
n_filters, _, kh, kw = W.shape
h_out, w_out = (height - kh) // stride + 1, (width - kw) // stride + 1
out = np.empty((n_images, n_filters, h_out, w_out))
for i in range(h_out):
    for j in range(w_out):
        window = padded[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
        out[:, :, i, j] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3])) + b
return out""")),
]

RIGHT = [
    Answer("conv1d_by_hand", "a NumPy array", "import numpy as np\n\nconv1d_by_hand = np.array([9, 8, 9, 8])"),
    Answer("conv1d_by_hand", "a tuple of floats", "conv1d_by_hand = (9.0, 8.0, 9.0, 8.0)"),
    Answer("conv1d_by_hand", "np.correlate", """
        import numpy as np

        conv1d_by_hand = np.correlate([2, 3, 1, 3, 2, 1], [1, 2, 1], mode="valid")
        """),
    Answer("conv2d_by_hand", "a float array", """
        import numpy as np

        conv2d_by_hand = np.array([[10.0, 7.0, 4.0], [27.0, 24.0, 21.0]])
        """),
    Answer("conv2d_by_hand", "SciPy's correlate2d", """
        from scipy.signal import correlate2d

        conv2d_by_hand = correlate2d(matrix_2d, kernel_2d, mode="valid")
        """),
    Answer("conv2d_by_hand", "tuples", "conv2d_by_hand = ((10, 7, 4), (27, 24, 21))"),
    Answer("multichannel_by_hand", "lists and NumPy", """
        sums = (corner_padded[:, :3, :3] * kernel_rgb).sum(axis=(1, 2))
        channel_sums = list(sums)
        multichannel_output = sums.sum() + bias_rgb
        """),
    Answer("multichannel_by_hand", "floats", multichannel("(308.0, -498.0, 164.0)", "-25.0")),
    Answer("param_count", "count nn.Conv2d's parameters", """
        from torch import nn

        def conv_param_count(in_channels, out_channels, kernel_size, bias=True):
            layer = nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)
            return sum(p.numel() for p in layer.parameters())
        """),
    Answer("param_count", "NumPy product", param_count(
        "kernel = np.broadcast_to(np.asarray(kernel_size), (2,))\n"
        "weights = out_channels * in_channels * np.prod(kernel)\n"
        "return weights + (out_channels if bias else 0)")),
    Answer("param_count", "tuple check first", param_count(
        "if isinstance(kernel_size, tuple):\n    kh, kw = kernel_size\nelse:\n    kh = kw = kernel_size\n"
        "total = in_channels * kh * kw * out_channels\nif bias:\n    total += out_channels\nreturn total")),
    Answer("conv_loops", "flattened dot products, as in Alcorn\'s slides", loops("""n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
outs = []
for n in range(n_images):
    maps = []
    for f in range(n_filters):
        filter_W = W[f].flatten()
        rows = []
        for i in range(height - kh + 1):
            rows.append([filter_W @ X[n, :, i:i + kh, j:j + kw].flatten() + b[f] for j in range(width - kw + 1)])
        maps.append(rows)
    outs.append(maps)
outs = np.array(outs)
outs[outs < 0] = 0
return outs""")),
    Answer("conv_loops", "einsum over all filters at once", loops("""n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
out = np.empty((n_images, n_filters, height - kh + 1, width - kw + 1))
for i in range(height - kh + 1):
    for j in range(width - kw + 1):
        out[:, :, i, j] = np.einsum("nchw,fchw->nf", X[:, :, i:i + kh, j:j + kw], W) + b
return np.where(out > 0, out, 0.0)""")),
    Answer("conv_loops", "shift and add over kernel offsets", loops("""n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
h_out, w_out = height - kh + 1, width - kw + 1
out = np.zeros((n_images, n_filters, h_out, w_out)) + b[:, None, None]
for u in range(kh):
    for v in range(kw):
        out += np.tensordot(X[:, :, u:u + h_out, v:v + w_out], W[:, :, u, v], axes=([1], [1])).transpose(0, 3, 1, 2)
return np.maximum(out, 0)""")),
    Answer("conv_loops", "a progress bar over the images (stderr costs nothing)", """
        import numpy as np
        from tqdm.auto import tqdm

        def conv2d_relu_loops(X, W, b):
            n_images, _, height, width = X.shape
            n_filters, _, kh, kw = W.shape
            out = np.zeros((n_images, n_filters, height - kh + 1, width - kw + 1))
            for n in tqdm(range(n_images), desc="images"):
                for f in range(n_filters):
                    for i in range(height - kh + 1):
                        for j in range(width - kw + 1):
                            out[n, f, i, j] = max(0.0, float(np.sum(X[n, :, i:i + kh, j:j + kw] * W[f]) + b[f]))
            return out
        """),
    Answer("conv_layer", "new nn.Parameter", layer("""n_filters, in_channels, kh, kw = W.shape
layer = nn.Conv2d(in_channels, n_filters, (kh, kw))
layer.weight = nn.Parameter(torch.tensor(W, dtype=torch.float32))
layer.bias = nn.Parameter(torch.tensor(b, dtype=torch.float32))
return layer""")),
    Answer("conv_layer", "load_state_dict", layer("""layer = nn.Conv2d(W.shape[1], W.shape[0], kernel_size=W.shape[2:])
layer.load_state_dict({"weight": torch.from_numpy(W).float(), "bias": torch.from_numpy(b).float()})
return layer""")),
    Answer("conv_layer", "torch.tensor of a tensor (PyTorch warns; stderr costs nothing)", layer("""
layer = nn.Conv2d(W.shape[1], W.shape[0], kernel_size=W.shape[2:])
weight, bias = torch.from_numpy(W), torch.from_numpy(b)
layer.weight = nn.Parameter(torch.tensor(weight, dtype=torch.float32))
layer.bias = nn.Parameter(torch.tensor(bias, dtype=torch.float32))
return layer""")),
    Answer("conv_layer", ".data and a Sequential", layer("""conv = nn.Conv2d(W.shape[1], W.shape[0], tuple(W.shape[2:]))
conv.weight.data = torch.from_numpy(W.copy()).float()
conv.bias.data = torch.from_numpy(b.copy()).float()
return nn.Sequential(conv)""")),
    Answer("layer_shapes", "computed", "import torch\nfrom torch import nn\n\n"
           "out_shape = tuple(nn.Conv2d(3, 5, 3)(torch.zeros(32, 3, 4, 4)).shape)\nfirst_image_shape = out_shape[1:]"),
    Answer("layer_shapes", "lists", layer_shapes("[32, 5, 2, 2]", "[5, 2, 2]")),
    Answer("output_size", "floor of a float", output_size(
        "return int(np.floor((size + 2 * padding - kernel_size) / stride)) + 1")),
    Answer("output_size", "count the positions", output_size(
        "return len(range(0, size + 2 * padding - kernel_size + 1, stride))")),
    Answer("output_size", "ceiling of (m + 1) / s", """
        import math

        def conv_output_size(size, kernel_size, stride=1, padding=0):
            return math.ceil((size + 2 * padding - kernel_size + 1) / stride)
        """),
    Answer("conv_fast", "einsum on the windows", fast(PAD + """
windows = np.lib.stride_tricks.sliding_window_view(padded, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
return np.einsum("nchwuv,fcuv->nfhw", windows, W, optimize=True) + b[None, :, None, None]""")),
    Answer("conv_fast", "shift and add over kernel offsets", fast("""n_images, _, height, width = X.shape
n_filters, _, kh, kw = W.shape
padded = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
h_out = (height + 2 * padding - kh) // stride + 1
w_out = (width + 2 * padding - kw) // stride + 1
out = np.broadcast_to(b[None, :, None, None], (n_images, n_filters, h_out, w_out)).copy()
for u in range(kh):
    for v in range(kw):
        patch = padded[:, :, u:u + stride * (h_out - 1) + 1:stride, v:v + stride * (w_out - 1) + 1:stride]
        out += np.einsum("nchw,fc->nfhw", patch, W[:, :, u, v])
return out""")),
    Answer("conv_fast", "as_strided and tensordot", fast("""from numpy.lib.stride_tricks import as_strided

padded = np.ascontiguousarray(np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding))))
n_images, channels, height, width = padded.shape
n_filters, _, kh, kw = W.shape
h_out, w_out = (height - kh) // stride + 1, (width - kw) // stride + 1
sn, sc, sh, sw = padded.strides
cols = as_strided(padded, (n_images, h_out, w_out, channels, kh, kw),
                  (sn, sh * stride, sw * stride, sc, sh, sw))
out = np.tensordot(cols, W, axes=([3, 4, 5], [1, 2, 3])) + b
return np.moveaxis(out, -1, 1)""")),
    Answer("conv_fast", "float32 matrix product", fast(changed(
        FAST, "out = rows @ W.reshape(n_filters, -1).T + b",
        "out = (rows.astype(np.float32) @ W.reshape(n_filters, -1).T.astype(np.float32) + b).astype(X.dtype)"))),
]
