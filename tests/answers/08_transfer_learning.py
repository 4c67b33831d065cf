"""Wrong answers that must lose points, and right answers that must get them all, for 08_transfer_learning.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong answer
that the visible check lets through (with the reason): only the hidden tests catch it.
"""

from instructor.notebooks import Answer, function_cell

IMPORTS = "import copy\n\nimport numpy as np\nimport torch\nimport torch.nn.functional as F\nfrom torch import nn"


def extractor(body):
    return function_cell("make_feature_extractor(model, num_classes=2)", body, imports=IMPORTS)


def transfer(body):
    return function_cell("transfer(source, num_classes, freeze)", body, imports=IMPORTS)


def losses(squared="return ((x - z) ** 2).mean()", absolute="return (x - z).abs().mean()"):
    return (function_cell("squared_loss(x, z)", squared, imports=IMPORTS) + "\n\n"
            + function_cell("absolute_loss(x, z)", absolute, imports=""))


def counts(trainable="512 * 2 + 2", finetune="11_176_512 + n_trainable"):
    return f"n_trainable = {trainable}\nn_finetune = {finetune}"


FREEZE_ALL = "for parameter in model.parameters():\n    parameter.requires_grad = False"
NEW_HEAD = "model.fc = nn.Linear(model.fc.in_features, num_classes)"
UNFLATTEN = "nn.Unflatten(1, tuple(image_shape))"
SET_GRAD = "for parameter in model.parameters():\n    parameter.requires_grad = not freeze"


def autoencoder(init=None, encode="return self.encoder(x)", decode="return self.decoder(codes)",
                forward="return self.decode(self.encode(x))", encoder=None, decoder=None):
    encoder = encoder or "nn.Flatten(), nn.Linear(pixels, 128), nn.ReLU(), nn.Linear(128, code_size)"
    decoder = decoder or ("nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Sigmoid(), "
                          "nn.Unflatten(1, tuple(image_shape))")
    init = init or f"""pixels = int(np.prod(image_shape))
        self.encoder = nn.Sequential({encoder})
        self.decoder = nn.Sequential({decoder})"""
    return f"""
{IMPORTS}


class Autoencoder(nn.Module):
    def __init__(self, image_shape=(1, 28, 28), code_size=2):
        super().__init__()
        {init}

    def encode(self, x):
        {encode}

    def decode(self, codes):
        {decode}

    def forward(self, x):
        {forward}
"""


WRONG = [
    # --- make_feature_extractor --------------------------------------------------------
    Answer("feature_extractor", "frozen with model.eval() instead of requires_grad",
           extractor(f"model.eval()\n{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "frozen after replacing fc, so the new head is frozen too",
           extractor(f"{NEW_HEAD}\n{FREEZE_ALL}\nreturn model")),
    Answer("feature_extractor", "nothing frozen (the slides' first listing)", extractor(f"{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "does not return the model", extractor(f"{FREEZE_ALL}\n{NEW_HEAD}")),
    Answer("feature_extractor", "builds a new ResNet-18 instead of keeping the model's weights",
           extractor(f"from torchvision import models\n\nmodel = models.resnet18(weights=None)\n{FREEZE_ALL}\n"
                     f"{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "new layer put after the old 1000-class head",
           extractor(f"{FREEZE_ALL}\nmodel.fc = nn.Sequential(model.fc, nn.Linear(model.fc.out_features, "
                     "num_classes))\nreturn model")),
    Answer("feature_extractor", "new head sized by the old head's out_features",
           extractor(f"{FREEZE_ALL}\nmodel.fc = nn.Linear(model.fc.out_features, num_classes)\nreturn model")),
    Answer("feature_extractor", "a head with a hidden layer instead of one linear layer",
           extractor(f"{FREEZE_ALL}\nmodel.fc = nn.Sequential(nn.Linear(model.fc.in_features, 64), nn.ReLU(), "
                     "nn.Linear(64, num_classes))\nreturn model")),
    Answer("feature_extractor", "freezes only the convolutions (batch normalization still trains)",
           extractor("for name, parameter in model.named_parameters():\n    if 'conv' in name:\n"
                     f"        parameter.requires_grad = False\n{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "torch.no_grad() taken for freezing",
           extractor(f"with torch.no_grad():\n    {NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "hard-coded 512 features", extractor(
        f"{FREEZE_ALL}\nmodel.fc = nn.Linear(512, num_classes)\nreturn model"),
        passes_visible="512 is ResNet-18's number of features, the only network the visible check uses"),
    Answer("feature_extractor", "hard-coded 2 classes", extractor(
        f"{FREEZE_ALL}\nmodel.fc = nn.Linear(model.fc.in_features, 2)\nreturn model"),
        passes_visible="2 is the number of classes of the visible case, the slides' example"),
    # --- counts ------------------------------------------------------------------------
    Answer("counts", "every parameter counted as trainable", counts("11_176_512 + 1026", "11_176_512 + 1026")),
    Answer("counts", "weights of the new head without its biases", counts("512 * 2")),
    Answer("counts", "the old 1000-class head counted", counts("512 * 1000 + 1000")),
    Answer("counts", "parameter tensors counted instead of numbers", counts("2", "62")),
    Answer("counts", "fine-tuning counted with the ImageNet head", counts(finetune="11_689_512")),
    Answer("counts", "fine-tuning counted without the new head", counts(finetune="11_176_512")),
    Answer("counts", "fine-tuning miscounted (the old head's biases kept)",
           counts(finetune="11_689_512 - 512_000 + 2")),
    Answer("counts", "a float instead of a whole number", counts("1026.0", "11_177_538.0")),
    Answer("counts", "a tensor instead of a whole number", counts("torch.tensor(1026)", "11_177_538")),
    Answer("counts", "off by one in both answers", counts("512 * 2 + 1")),
    Answer("counts", "fine-tuning counted with the old head and the new one", counts(finetune="11_689_512 + 1026")),
    # --- transfer ----------------------------------------------------------------------
    Answer("transfer", "no copy: changes the source network itself",
           transfer(f"model = source\nfor parameter in model.parameters():\n    parameter.requires_grad = not freeze\n"
                    f"{NEW_HEAD}\nreturn model")),
    Answer("transfer", "copy.copy, which shares the tensors",
           transfer("model = copy.copy(source)\nfor parameter in model.parameters():\n"
                    f"    parameter.requires_grad = not freeze\n{NEW_HEAD}\nreturn model")),
    Answer("transfer", "a new DigitNet, without the trained weights",
           transfer("model = DigitNet(num_classes)\nfor parameter in model.body.parameters():\n"
                    "    parameter.requires_grad = not freeze\nreturn model")),
    Answer("transfer", "a new network that reuses source.body (shared tensors)",
           transfer("model = DigitNet(num_classes)\nmodel.body = source.body\n"
                    "for parameter in model.body.parameters():\n"
                    "    parameter.requires_grad = not freeze\nreturn model")),
    Answer("transfer", "always freezes", transfer(
        f"model = copy.deepcopy(source)\n{FREEZE_ALL}\n{NEW_HEAD}\nreturn model")),
    Answer("transfer", "never freezes", transfer(f"model = copy.deepcopy(source)\n{NEW_HEAD}\nreturn model")),
    Answer("transfer", "model.eval() for feature extraction", transfer(
        f"model = copy.deepcopy(source)\nif freeze:\n    model.eval()\n{NEW_HEAD}\nreturn model")),
    Answer("transfer", "the new head frozen too", transfer(
        f"model = copy.deepcopy(source)\n{NEW_HEAD}\nfor parameter in model.parameters():\n"
        "    parameter.requires_grad = not freeze\nreturn model")),
    Answer("transfer", "hard-coded 128 features", transfer(
        f"model = copy.deepcopy(source)\n{SET_GRAD}\nmodel.fc = nn.Linear(128, num_classes)\nreturn model"),
        passes_visible="128 is DigitNet's number of features, the only network the visible check uses"),
    # --- losses ------------------------------------------------------------------------
    Answer("losses", "squared: the sum instead of the mean", losses(squared="return ((x - z) ** 2).sum()")),
    Answer("losses", "absolute: the sum instead of the mean", losses(absolute="return (x - z).abs().sum()")),
    Answer("losses", "squared: divided by the batch size only",
           losses(squared="return ((x - z) ** 2).sum() / len(x)")),
    Answer("losses", "absolute: per-image sums averaged over the batch",
           losses(absolute="return (x - z).abs().flatten(1).sum(dim=1).mean()")),
    Answer("losses", "squared: the square root of the mean (RMSE)",
           losses(squared="return ((x - z) ** 2).mean().sqrt()")),
    Answer("losses", "absolute written as squared", losses(absolute="return ((x - z) ** 2).mean()")),
    Answer("losses", "absolute without the absolute value", losses(absolute="return (x - z).mean()")),
    Answer("losses", "squared as a Python float (.item())", losses(squared="return ((x - z) ** 2).mean().item()")),
    Answer("losses", "absolute in NumPy",
           losses(absolute="return np.abs(x.detach().numpy() - z.detach().numpy()).mean()")),
    Answer("losses", "squared averaged over the batch axis only",
           losses(squared="return ((x - z) ** 2).mean(dim=0)")),
    Answer("losses", "squared as the norm of the difference", losses(squared="return torch.norm(x - z)")),
    # --- autoencoder -------------------------------------------------------------------
    Answer("autoencoder", "flattens the images and forgets to reshape the output", autoencoder(
        decoder="nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Sigmoid()")),
    Answer("autoencoder", "hard-coded 784 pixels", autoencoder(
        encoder="nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, code_size)",
        decoder="nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, 784), nn.Sigmoid(), "
                "nn.Unflatten(1, (1, 28, 28))")),
    Answer("autoencoder", "reshape hard-coded to 28 x 28", autoencoder(
        decoder="nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Sigmoid()",
        decode="return self.decoder(codes).reshape(-1, 1, 28, 28)")),
    Answer("autoencoder", "code size hard-coded to 2", autoencoder(
        encoder="nn.Flatten(), nn.Linear(pixels, 128), nn.ReLU(), nn.Linear(128, 2)",
        decoder=f"nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Sigmoid(), {UNFLATTEN}")),
    Answer("autoencoder", "forward returns the code", autoencoder(forward="return self.encode(x)")),
    Answer("autoencoder", "no sigmoid at the end of the decoder", autoencoder(
        decoder="nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Unflatten(1, tuple(image_shape))")),
    Answer("autoencoder", "a softmax over the pixels instead of a sigmoid", autoencoder(
        decoder="nn.Linear(code_size, 128), nn.ReLU(), nn.Linear(128, pixels), nn.Softmax(dim=1), "
                "nn.Unflatten(1, tuple(image_shape))")),
    Answer("autoencoder", "no ReLU: a linear encoder and decoder", autoencoder(
        encoder="nn.Flatten(), nn.Linear(pixels, 128), nn.Linear(128, code_size)",
        decoder=f"nn.Linear(code_size, 128), nn.Linear(128, pixels), nn.Sigmoid(), {UNFLATTEN}")),
    Answer("autoencoder", "the code detached in forward, so the encoder never learns",
           autoencoder(forward="return self.decode(self.encode(x).detach())")),
]

RIGHT = [
    # --- make_feature_extractor --------------------------------------------------------
    Answer("feature_extractor", "requires_grad_(False) on the whole model, then a new head",
           extractor(f"model.requires_grad_(False)\n{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "new head first, then every parameter outside fc frozen by name",
           extractor(f"{NEW_HEAD}\nfor name, parameter in model.named_parameters():\n"
                     "    parameter.requires_grad = name.startswith('fc.')\nreturn model")),
    Answer("feature_extractor", "everything frozen after the new head, then the head unfrozen",
           extractor(f"{NEW_HEAD}\n{FREEZE_ALL}\nmodel.fc.requires_grad_(True)\nreturn model")),
    Answer("feature_extractor", "works on a copy and returns it",
           extractor(f"model = copy.deepcopy(model)\n{FREEZE_ALL}\n{NEW_HEAD}\nreturn model")),
    Answer("feature_extractor", "the new head put on the device of the model's parameters",
           extractor(f"{FREEZE_ALL}\ndevice = next(model.parameters()).device\n"
                     "model.fc = nn.Linear(model.fc.in_features, num_classes, device=device)\nreturn model")),
    Answer("feature_extractor", "a new head initialised to zeros",
           extractor(f"{FREEZE_ALL}\nhead = nn.Linear(model.fc.in_features, num_classes)\nnn.init.zeros_(head.weight)\n"
                     "nn.init.zeros_(head.bias)\nmodel.fc = head\nreturn model")),
    # --- counts ------------------------------------------------------------------------
    Answer("counts", "counted with code, on a ResNet-18 built with the old pretrained=False (warns)",
           "from torchvision import models\n\n"
           "feature_net = make_feature_extractor(models.resnet18(pretrained=False), 2)\n"
           "n_trainable = sum(p.numel() for p in feature_net.parameters() if p.requires_grad)\n"
           "n_finetune = sum(p.numel() for p in feature_net.parameters())"),
    Answer("counts", "by hand, another way", counts("2 * (512 + 1)", "11_689_512 - 1000 * 513 + 2 * 513")),
    Answer("counts", "NumPy integers", "import numpy as np\n\n" + counts("np.int64(1026)", "np.int64(11_177_538)")),
    # --- transfer ----------------------------------------------------------------------
    Answer("transfer", "new head first, then freezing by membership in fc", transfer(
        f"model = copy.deepcopy(source)\n{NEW_HEAD}\nhead = set(model.fc.parameters())\n"
        "for parameter in model.parameters():\n    parameter.requires_grad = parameter in head or not freeze\n"
        "return model")),
    Answer("transfer", "a new network of the same class loaded with the source's weights", transfer(
        "model = type(source)()\nmodel.load_state_dict(source.state_dict())\nmodel.requires_grad_(not freeze)\n"
        f"{NEW_HEAD}\nreturn model")),
    Answer("transfer", "make_feature_extractor on a copy for feature extraction", transfer(
        "if freeze:\n    return make_feature_extractor(copy.deepcopy(source), num_classes)\n"
        f"model = copy.deepcopy(source)\n{NEW_HEAD}\nreturn model")),
    # --- losses ------------------------------------------------------------------------
    Answer("losses", "F.mse_loss and F.l1_loss", losses("return F.mse_loss(z, x)", "return F.l1_loss(z, x)")),
    Answer("losses", "torch.square and torch.abs, z - x", losses("return torch.mean(torch.square(z - x))",
                                                                 "return torch.mean(torch.abs(z - x))")),
    Answer("losses", "nn.MSELoss and nn.L1Loss", losses("return nn.MSELoss()(z, x)", "return nn.L1Loss()(z, x)")),
    Answer("losses", "sums divided by numel", losses("return (x - z).pow(2).sum() / x.numel()",
                                                     "return (x - z).abs().sum() / x.numel()")),
    # --- autoencoder -------------------------------------------------------------------
    Answer("autoencoder", "separate layers, torch.sigmoid and a reshape", autoencoder(
        init="""self.image_shape = tuple(image_shape)
        pixels = int(np.prod(image_shape))
        self.enc1, self.enc2 = nn.Linear(pixels, 128), nn.Linear(128, code_size)
        self.dec1, self.dec2 = nn.Linear(code_size, 128), nn.Linear(128, pixels)""",
        encode="return self.enc2(torch.relu(self.enc1(x.flatten(1))))",
        decode="return torch.sigmoid(self.dec2(torch.relu(self.dec1(codes)))).reshape(len(codes), *self.image_shape)",
        forward="code = self.encode(x)\n        return self.decode(code)")),
    Answer("autoencoder", "64 hidden units and view", autoencoder(
        init="""self.image_shape = tuple(image_shape)
        pixels = int(np.prod(image_shape))
        self.encoder = nn.Sequential(nn.Linear(pixels, 64), nn.ReLU(), nn.Linear(64, code_size))
        self.decoder = nn.Sequential(nn.Linear(code_size, 64), nn.ReLU(), nn.Linear(64, pixels), nn.Sigmoid())""",
        encode="return self.encoder(x.reshape(x.shape[0], -1))",
        decode="return self.decoder(codes).view(-1, *self.image_shape)")),
    Answer("autoencoder", "forward written out with the layers", autoencoder(
        forward="return self.decoder(self.encoder(x))")),
]
