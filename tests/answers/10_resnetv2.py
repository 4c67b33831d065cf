"""Wrong answers that must lose points, and right answers that must get them all, for 10_resnetv2.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason: it fits the visible case alone, so
only the hidden tests can catch it. Every other wrong answer fails a visible check whose message
names its mistake.

``FORGETS_DEVICE`` and ``DEVICE_PROBES`` serve the forgotten-device test (tests/test_device.py):
training code that leaves a batch on the CPU, and how to call each training exercise on the
``meta`` device.
"""

from instructor.notebooks import Answer

BLOCK = """
import torch
import torch.nn.functional as F
from torch import nn


class ResNetV2Block(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.bn1 = nn.BatchNorm2d({bn1})
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride={stride1}, padding=1, bias={bias})
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride={stride2}, padding=1, bias={bias})
        self.projection = None
        if {needs_projection}:
            self.projection = {projection}

    def forward(self, x):
        activated = {activate}
        shortcut = x if self.projection is None else self.projection({shortcut_input})
        out = {branch}
        return {result}
"""

PREACT_BRANCH = "self.conv2(F.relu(self.bn2(self.conv1(activated))))"


def block(bn1="in_channels", stride1="stride", stride2="1", bias="False",
          needs_projection="stride != 1 or in_channels != out_channels",
          projection="nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)",
          activate="F.relu(self.bn1(x))", shortcut_input="activated", branch=PREACT_BRANCH, result="out + shortcut"):
    return BLOCK.format(bn1=bn1, stride1=stride1, stride2=stride2, bias=bias, needs_projection=needs_projection,
                        projection=projection, activate=activate, shortcut_input=shortcut_input, branch=branch,
                        result=result)


def shapes(stem="(8, 32, 28, 28)", b2="(8, 64, 14, 14)", b5="(8, 128, 7, 7)", pooled="(8, 128, 1, 1)",
           logits="(8, 10)"):
    return (f"shape_input_block = {stem}\nshape_after_block2 = {b2}\nshape_after_block5 = {b5}\n"
            f"shape_pooled = {pooled}\nshape_logits = {logits}")


RESNET = """
import torch
import torch.nn.functional as F
from torch import nn


class ResNetV2(nn.Module):
    def __init__(self, in_channels=1, num_classes=10):
        super().__init__()
        self.input_block = nn.Sequential({stem})
        self.blocks = nn.Sequential({blocks})
        self.head = nn.Sequential({head})

    def forward(self, x):
        return {forward}
"""

STEM = "nn.Conv2d(in_channels, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)"
BLOCKS = ("ResNetV2Block(32, 32), ResNetV2Block(32, 64, stride=2), ResNetV2Block(64, 64), "
          "ResNetV2Block(64, 128, stride=2), ResNetV2Block(128, 128)")
HEAD = "nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, num_classes)"


def resnet(stem=STEM, blocks=BLOCKS, head=HEAD, forward="self.head(self.blocks(self.input_block(x)))"):
    return RESNET.format(stem=stem, blocks=blocks, head=head, forward=forward)


TRAIN = """
def train_epoch(model, loader, loss_fn, optimizer, scheduler, device):
    {train}
    total, count = 0.0, 0
    for inputs, targets in loader:
        inputs, targets = {move}
        {zero}
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        {after_backward}
        optimizer.step()
        {scheduler_in_loop}
        {accumulate}
    {scheduler_after_loop}
    return {result}
"""


def train(train="model.train()", move="inputs.to(device), targets.to(device)", zero="optimizer.zero_grad()",
          after_backward="", scheduler_in_loop="scheduler.step()", scheduler_after_loop="",
          accumulate="total += loss.item() * len(targets)\n        count += len(targets)", result="total / count"):
    return TRAIN.format(train=train, move=move, zero=zero, after_backward=after_backward,
                        scheduler_in_loop=scheduler_in_loop, scheduler_after_loop=scheduler_after_loop,
                        accumulate=accumulate, result=result)


FORGETS_DEVICE = [
    Answer("train_epoch", "forgets .to(device) for the inputs", train(move="inputs, targets.to(device)")),
    Answer("train_epoch", "forgets .to(device) for the targets", train(move="inputs.to(device), targets")),
    Answer("train_epoch", "forgets .to(device) for both", train(move="inputs, targets")),
]

# How tests/test_device.py calls each training exercise: `setup` runs before the answer's code (the
# imports the notebook has made by then), `run` defines call(device), which runs the exercise with
# its model on `device` and its data on the CPU.
DEVICE_PROBES = {
    "train_epoch": {
        "setup": "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n",
        "run": """
def call(device):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(4, 3)).to(device)
    batches = [(torch.randn(n, 1, 6, 6), torch.randint(0, 3, (n,))) for n in (4, 2)]
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, total_steps=3)
    return train_epoch(model, batches, nn.CrossEntropyLoss(), optimizer, scheduler, device)
""",
    },
}

WRONG = [
    # ResNetV2Block
    Answer("block", "the original (post-activation) block", block(
        bn1="out_channels", activate="x",
        branch="self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))", shortcut_input="x",
        result="F.relu(out + shortcut)")),
    Answer("block", "ReLU after the addition", block(result="F.relu(out + shortcut)")),
    Answer("block", "BatchNorm after each convolution, nothing after the addition", block(
        bn1="out_channels", activate="x", branch="F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))",
        shortcut_input="x")),
    Answer("block", "ReLU before BatchNorm", block(
        activate="self.bn1(F.relu(x))", branch="self.conv2(self.bn2(F.relu(self.conv1(activated))))")),
    Answer("block", "a projection always", block(needs_projection="True")),
    Answer("block", "never a projection", block(needs_projection="False")),
    Answer("block", "a projection only when the channels change", block(
        needs_projection="in_channels != out_channels")),
    Answer("block", "a projection only when the stride changes", block(needs_projection="stride != 1")),
    Answer("block", "stride on the second convolution", block(stride1="1", stride2="stride")),
    Answer("block", "second BatchNorm missing", block(branch="self.conv2(F.relu(self.conv1(activated)))")),
    Answer("block", "no BatchNorm at all", block(activate="F.relu(x)",
                                                 branch="self.conv2(F.relu(self.conv1(activated)))")),
    Answer("block", "no shortcut", block(result="out")),
    Answer("block", "a 3 × 3 projection", block(
        projection="nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)")),
    Answer("block", "the branch skips the pre-activation", block(
        branch="self.conv2(F.relu(self.bn2(self.conv1(x))))")),
    Answer("block", "no ReLU in the branch", block(activate="self.bn1(x)",
                                                   branch="self.conv2(self.bn2(self.conv1(activated)))")),
    # shapes per stage
    Answer("stage_shapes", "stride forgotten", shapes(b2="(8, 64, 28, 28)", b5="(8, 128, 28, 28)")),
    Answer("stage_shapes", "convolution without padding", shapes(b2="(8, 64, 13, 13)", b5="(8, 128, 6, 6)")),
    Answer("stage_shapes", "halved once", shapes(b5="(8, 128, 14, 14)")),
    Answer("stage_shapes", "pooled without the 1 × 1 map", shapes(pooled="(8, 128)")),
    Answer("stage_shapes", "no batch axis", shapes(logits="(10,)")),
    Answer("stage_shapes", "input block keeps one channel", shapes(stem="(8, 1, 28, 28)")),
    Answer("stage_shapes", "channels and size swapped", shapes(b2="(8, 14, 14, 64)")),
    # ResNetV2
    Answer("resnet", "no stride anywhere", resnet(blocks=BLOCKS.replace(", stride=2", ""))),
    Answer("resnet", "strides in the wrong blocks", resnet(
        blocks="ResNetV2Block(32, 32, stride=2), ResNetV2Block(32, 64), ResNetV2Block(64, 64, stride=2), "
               "ResNetV2Block(64, 128), ResNetV2Block(128, 128)")),
    Answer("resnet", "softmax at the end", resnet(head=HEAD + ", nn.Softmax(dim=1)")),
    Answer("resnet", "no BatchNorm in the input block", resnet(stem="nn.Conv2d(in_channels, 32, 3, padding=1)")),
    Answer("resnet", "ImageNet stem: 7 × 7, stride 2", resnet(
        stem="nn.Conv2d(in_channels, 32, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(32)")),
    Answer("resnet", "flatten without pooling", resnet(head="nn.Flatten(), nn.LazyLinear(num_classes)")),
    Answer("resnet", "ten classes hard-coded", resnet(head=HEAD.replace("num_classes", "10"))),
    Answer("resnet", "one input channel hard-coded", resnet(stem=STEM.replace("in_channels", "1"))),
    Answer("resnet", "four blocks", resnet(blocks=BLOCKS.replace(", ResNetV2Block(64, 64)", ""))),
    Answer("resnet", "no projection block: channels grow in the input block", resnet(
        stem="nn.Conv2d(in_channels, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128)",
        blocks="ResNetV2Block(128, 128), ResNetV2Block(128, 128, stride=2), ResNetV2Block(128, 128), "
               "ResNetV2Block(128, 128, stride=2), ResNetV2Block(128, 128)")),
    # parameter count
    Answer("parameters", "biases counted in every convolution", "n_parameters = 677962"),
    Answer("parameters", "projections forgotten", "n_parameters = 666666"),
    Answer("parameters", "BatchNorm buffers counted", "n_parameters = 678442"),
    Answer("parameters", "linear bias forgotten", "n_parameters = 676896"),
    Answer("parameters", "convolution weights only", "n_parameters = 1 * 32 * 9 + 32 * 32 * 9 * 2 + 32 * 64 * 9 "
                                                     "+ 64 * 64 * 9 * 3 + 64 * 128 * 9 + 128 * 128 * 9 * 3"),
    Answer("parameters", "not a whole number", "n_parameters = 676906.0"),
    # train_epoch
    Answer("train_epoch", "no zero_grad", train(zero="")),
    Answer("train_epoch", "zero_grad between backward and step", train(
        zero="", after_backward="optimizer.zero_grad()")),
    Answer("train_epoch", "scheduler stepped once per epoch", train(scheduler_in_loop="",
                                                                    scheduler_after_loop="scheduler.step()")),
    Answer("train_epoch", "no scheduler step", train(scheduler_in_loop="")),
    Answer("train_epoch", "mean of the batch means", train(accumulate="total += loss.item()\n        count += 1")),
    Answer("train_epoch", "no model.train()", train(train="")),
    Answer("train_epoch", "returns a tensor", train(accumulate="total += loss.detach() * len(targets)\n"
                                                              "        count += len(targets)")),
] + FORGETS_DEVICE

RIGHT = [
    Answer("block", "projection from the raw input", block(shortcut_input="x")),
    Answer("block", "biased convolutions, biased projection from the pre-activated input", block(
        bias="True", projection="nn.Conv2d(in_channels, out_channels, 1, stride=stride)")),
    Answer("block", "biased projection from the raw input", block(
        shortcut_input="x", projection="nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=True)")),
    Answer("block", "Sequential branch, nn.Identity shortcut, in-place ReLUs, warns", """
        import warnings

        from torch import nn


        class ResNetV2Block(nn.Module):
            def __init__(self, in_channels, out_channels, stride=1):
                super().__init__()
                warnings.warn("a harmless warning from the student's code", UserWarning, stacklevel=2)
                self.pre = nn.Sequential(nn.BatchNorm2d(in_channels), nn.ReLU(inplace=True))
                self.rest = nn.Sequential(
                    nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False),
                    nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True),
                    nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False))
                if stride == 1 and in_channels == out_channels:
                    self.shortcut = nn.Identity()
                else:
                    self.shortcut = nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False)

            def forward(self, x):
                shortcut = self.shortcut(x)
                return self.rest(self.pre(x)) + shortcut
    """),
    Answer("stage_shapes", "lists", shapes(stem="[8, 32, 28, 28]", b2="[8, 64, 14, 14]", b5="[8, 128, 7, 7]",
                                           pooled="[8, 128, 1, 1]", logits="[8, 10]")),
    Answer("resnet", "BatchNorm and ReLU after the last block", resnet(
        head="nn.BatchNorm2d(128), nn.ReLU(), " + HEAD)),
    Answer("resnet", "functional pooling, a biased input convolution", resnet(
        stem="nn.Conv2d(in_channels, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32)",
        head="nn.Linear(128, num_classes)",
        forward="self.head(torch.flatten(F.adaptive_avg_pool2d(self.blocks(self.input_block(x)), 1), 1))")),
    Answer("resnet", "mean over the positions", resnet(
        head="nn.Linear(128, num_classes)", forward="self.head(self.blocks(self.input_block(x)).mean(dim=(2, 3)))")),
    Answer("parameters", "the sum written out", "n_parameters = 676906"),
    Answer("train_epoch", "non_blocking copies, a progress bar, the loss summed as a tensor", """
        import torch
        from tqdm.auto import tqdm


        def train_epoch(model, loader, loss_fn, optimizer, scheduler, device):
            model.train()
            total = torch.zeros((), device=device)
            count = 0
            for inputs, targets in tqdm(loader, desc="batches", leave=False):
                inputs = inputs.to(device, non_blocking=True)
                targets = targets.to(device, non_blocking=True)
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(inputs), targets)
                loss.backward()
                optimizer.step()
                scheduler.step()
                total += loss.detach() * targets.shape[0]
                count += targets.shape[0]
            return float(total.item() / count)
    """),
    Answer("train_epoch", "the device read from the model", """
        def train_epoch(model, loader, loss_fn, optimizer, scheduler, device):
            model.train()
            where = next(model.parameters()).device
            losses, sizes = [], []
            for inputs, targets in loader:
                optimizer.zero_grad()
                loss = loss_fn(model(inputs.to(where)), targets.to(where))
                loss.backward()
                optimizer.step()
                scheduler.step()
                losses.append(loss.item() * len(inputs))
                sizes.append(len(inputs))
            return sum(losses) / sum(sizes)
    """),
]
