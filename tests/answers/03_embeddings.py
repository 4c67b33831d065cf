"""Wrong answers that must lose points, and right answers that must get them all, for 03_embeddings.

Each answer replaces one answer cell (named by its grade_id). Every wrong answer here fails a
visible check, with a message that names its mistake: none needs ``passes_visible``.
"""

from instructor.notebooks import Answer, function_cell


def one_hot(body):
    return function_cell("one_hot(idxs, n_categories)", body)


def lookup(embed="W[:, idxs]",
           concat="np.hstack([embed_by_lookup(W_b, batter_idxs).T, embed_by_lookup(W_p, pitcher_idxs).T])"):
    return f"""
        import numpy as np

        def embed_by_lookup(W, idxs):
            return {embed}

        def concat_embeddings(W_b, W_p, batter_idxs, pitcher_idxs):
            return {concat}
        """


def embed_shapes(batter="(9, 32)", cat="(32, 18)"):
    return f"shape_batter_embeds = {batter}\nshape_cat_embeds = {cat}"


def embedding(body):
    imports = "import numpy as np\nimport torch\nfrom torch import nn"
    return function_cell("embedding_from_matrix(W)", body, imports=imports)


def model_reading(shape="(32, 20)", count="100 * 9 + 100 * 9 + 18 * 20 + 20"):
    return f"shape_model_out = {shape}\nn_model_parameters = {count}"


def ext(init_extra="", situation="self.inning_embed(innings), self.runners_embed(runners_on_base)",
        inning_rows=10, runners_rows=4, head="self.fc(self.relu(self.hidden(features)))", situation_width="6",
        hidden="32", outcomes="n_outcomes", signature="batter_idxs, pitcher_idxs, innings, runners_on_base",
        batter="self.batter_embed(batter_idxs)", pitcher="self.pitcher_embed(pitcher_idxs)", relu="nn.ReLU()"):
    """The reference BatterPitcher2VecExt with one piece changed."""
    return f"""
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.inning_embed = nn.Embedding({inning_rows}, 3)
                self.runners_embed = nn.Embedding({runners_rows}, 3)
                self.hidden = nn.Linear(2 * embedding_dim + {situation_width}, {hidden})
                self.relu = {relu}
                self.fc = nn.Linear({hidden}, {outcomes})
                {init_extra}

            def forward(self, {signature}):
                features = torch.cat([{batter}, {pitcher}, {situation}], dim=1)
                return {head}
        """


def dataset(init="self.columns = {key: torch.as_tensor(value, dtype=torch.int64) for key, value in at_bats.items()}",
            length='len(self.columns["outcome"])', item="{key: column[i] for key, column in self.columns.items()}"):
    return f"""
        import numpy as np
        import torch
        from torch.utils.data import Dataset

        class AtBatDataset(Dataset):
            def __init__(self, at_bats):
                {init}

            def __len__(self):
                return {length}

            def __getitem__(self, i):
                return {item}
        """


TRAIN = '''
import copy

import torch
from torch import nn
from tqdm.auto import tqdm


def train_model(model, optimizer, train_loader, valid_loader, input_keys, epochs, checkpoint_path):
    device = next(model.parameters()).device
    criterion = nn.CrossEntropyLoss()
    history = {"train_loss": [], "valid_loss": []}
    best_valid_loss = float("inf")
    for _ in tqdm(range(epochs)):
        model.train()
        train_losses = []
        for batch in train_loader:
            optimizer.zero_grad()
            logits = model(*[batch[key].to(device) for key in input_keys])
            loss = criterion(logits, batch["outcome"].to(device))
            loss.backward()
            optimizer.step()
            train_losses.append(loss.item())
        model.eval()
        total_loss, count = 0.0, 0
        with torch.no_grad():
            for batch in valid_loader:
                logits = model(*[batch[key].to(device) for key in input_keys])
                targets = batch["outcome"].to(device)
                total_loss += criterion(logits, targets).item() * len(targets)
                count += len(targets)
        valid_loss = total_loss / count
        history["train_loss"].append(sum(train_losses) / len(train_losses))
        history["valid_loss"].append(valid_loss)
        if valid_loss < best_valid_loss:
            best_valid_loss = valid_loss
            torch.save(model.state_dict(), checkpoint_path)
    model.load_state_dict(torch.load(checkpoint_path))
    return history
'''


def train(*changes):
    """The reference train_model with each (old, new) text replaced."""
    code = TRAIN
    for old, new in changes:
        assert old in code, old
        code = code.replace(old, new)
    return code


EXT_SEQUENTIAL = '''
import torch
from torch import nn

class BatterPitcher2VecExt(nn.Module):
    def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
        super().__init__()
        self.batter_embed = nn.Embedding(n_batters, embedding_dim)
        self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
        self.inning_embed = nn.Embedding(10, 3)
        self.runners_embed = nn.Embedding(4, 3)
        self.head = nn.Sequential(HEAD)

    def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
        features = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs),
                              self.inning_embed(innings), self.runners_embed(runners_on_base)], dim=1)
        return self.head(features)
'''


def ext_head(layers):
    """A BatterPitcher2VecExt whose features go through nn.Sequential(layers), written with {d} for embedding_dim
    and {o} for n_outcomes."""
    return EXT_SEQUENTIAL.replace("HEAD", layers.format(d="embedding_dim", o="n_outcomes"))


WRONG = [
    # one_hot
    Answer("one_hot", "booleans", one_hot(
        "one_hots = np.zeros((len(idxs), n_categories), dtype=bool)\n"
        "one_hots[np.arange(len(idxs)), idxs] = True\nreturn one_hots")),
    Answer("one_hot", "integers", one_hot(
        "one_hots = np.zeros((len(idxs), n_categories), dtype=int)\n"
        "one_hots[np.arange(len(idxs)), idxs] = 1\nreturn one_hots")),
    Answer("one_hot", "transposed", one_hot(
        "one_hots = np.zeros((n_categories, len(idxs)))\none_hots[idxs, np.arange(len(idxs))] = 1\nreturn one_hots")),
    Answer("one_hot", "whole columns set", one_hot(
        "one_hots = np.zeros((len(idxs), n_categories))\none_hots[:, idxs] = 1\nreturn one_hots")),
    Answer("one_hot", "width from the largest index", one_hot("return np.eye(idxs.max() + 1)[idxs]")),
    # lookup
    Answer("lookup", "rows instead of columns", lookup(embed="W[idxs]")),
    Answer("lookup", "a product with one-hot vectors", lookup(embed="W @ np.eye(W.shape[1])[idxs].T")),
    Answer("lookup", "stacked without transposing", lookup(
        concat="np.hstack([embed_by_lookup(W_b, batter_idxs), embed_by_lookup(W_p, pitcher_idxs)])")),
    Answer("lookup", "stacked along the batch", lookup(
        concat="np.concatenate([embed_by_lookup(W_b, batter_idxs).T, embed_by_lookup(W_p, pitcher_idxs).T])")),
    Answer("lookup", "pitchers looked up in W_b", lookup(
        concat="np.hstack([embed_by_lookup(W_b, batter_idxs).T, embed_by_lookup(W_b, pitcher_idxs).T])")),
    Answer("lookup", "pitcher first", lookup(
        concat="np.hstack([embed_by_lookup(W_p, pitcher_idxs).T, embed_by_lookup(W_b, batter_idxs).T])")),
    Answer("lookup", "reshape instead of transpose", lookup(
        concat="np.hstack([embed_by_lookup(W_b, batter_idxs).reshape(len(batter_idxs), -1), "
               "embed_by_lookup(W_p, pitcher_idxs).reshape(len(pitcher_idxs), -1)])")),
    # embed_shapes
    Answer("embed_shapes", "batch first for the lookup", embed_shapes(batter="(32, 9)")),
    Answer("embed_shapes", "concatenation transposed", embed_shapes(cat="(18, 32)")),
    Answer("embed_shapes", "stacked as a new axis", embed_shapes(cat="(32, 2, 9)")),
    Answer("embed_shapes", "one vector per at-bat", embed_shapes(cat="(32, 9)")),
    Answer("embed_shapes", "pitchers as extra rows", embed_shapes(cat="(64, 9)")),
    Answer("embed_shapes", "strings", embed_shapes(batter='"(9, 32)"')),
    # embedding_copy
    Answer("embedding_copy", "not transposed", embedding(
        "embedding = nn.Embedding(W.shape[0], W.shape[1])\nwith torch.no_grad():\n"
        "    embedding.weight.copy_(torch.as_tensor(W, dtype=torch.float32))\nreturn embedding")),
    Answer("embedding_copy", "weights never copied", embedding("return nn.Embedding(W.shape[1], W.shape[0])")),
    Answer("embedding_copy", "float64 weights", embedding("return nn.Embedding.from_pretrained(torch.tensor(W.T), "
                                                          "freeze=False)")),
    Answer("embedding_copy", "frozen by from_pretrained", embedding(
        "return nn.Embedding.from_pretrained(torch.tensor(W.T, dtype=torch.float32))")),
    Answer("embedding_copy", "copy_ without torch.no_grad()", embedding(
        "embedding = nn.Embedding(W.shape[1], W.shape[0])\n"
        "embedding.weight.copy_(torch.as_tensor(W.T, dtype=torch.float32))\nreturn embedding")),
    # model_reading
    Answer("model_reading", "outcomes first", model_reading(shape="(20, 32)")),
    Answer("model_reading", "input shape of the linear layer", model_reading(shape="(32, 18)")),
    Answer("model_reading", "biases forgotten", model_reading(count="100 * 9 + 100 * 9 + 18 * 20")),
    Answer("model_reading", "embeddings only", model_reading(count="100 * 9 + 100 * 9")),
    Answer("model_reading", "one embedding input to the linear layer", model_reading(
        count="100 * 9 + 100 * 9 + 9 * 20 + 20")),
    Answer("model_reading", "one bias per input", model_reading(count="100 * 9 + 100 * 9 + 18 * 20 + 18")),
    Answer("model_reading", "one embedding table", model_reading(count="100 * 9 + 18 * 20 + 20")),
    # ext_model: each caught by the check of its own property (shapes, inputs, hidden ReLU layer, logits, training)
    Answer("ext_model", "no hidden layer", ext(head="self.out(features)",
                                               init_extra="self.out = nn.Linear(2 * embedding_dim + 6, n_outcomes)")),
    Answer("ext_model", "hidden layer without ReLU", ext(head="self.fc(self.hidden(features))")),
    Answer("ext_model", "ReLU before the hidden layer", ext(head="self.fc(self.hidden(self.relu(features)))")),
    Answer("ext_model", "ReLU on the features, as the slides' sigmoid, and no hidden layer", ext(
        head="self.out(self.relu(features))", init_extra="self.out = nn.Linear(2 * embedding_dim + 6, n_outcomes)")),
    Answer("ext_model", "ReLU after the classification layer instead of before it",
           ext(head="self.relu(self.fc(self.hidden(features)))")),
    Answer("ext_model", "sigmoid instead of ReLU", ext(relu="nn.Sigmoid()")),
    Answer("ext_model", "tanh instead of ReLU", ext(relu="nn.Tanh()")),
    Answer("ext_model", "LeakyReLU instead of ReLU", ext(relu="nn.LeakyReLU(0.1)")),
    Answer("ext_model", "nn.Embedding(9) indexed by the inning", ext(inning_rows=9)),
    Answer("ext_model", "nn.Embedding(3) for the runners", ext(runners_rows=3)),
    Answer("ext_model", "F.one_hot(innings, 9): inning 9 is out of range", ext(
        situation="torch.nn.functional.one_hot(innings, 9).float(), self.runners_embed(runners_on_base)",
        situation_width="12")),
    Answer("ext_model", "one-hot width from the batch (no num_classes)", ext(
        situation="torch.nn.functional.one_hot(innings - 1).float(), "
                  "torch.nn.functional.one_hot(runners_on_base).float()", situation_width="13")),
    Answer("ext_model", "innings clamped into nn.Embedding(9)", ext(
        inning_rows=9, situation="self.inning_embed(innings.clamp(max=8)), self.runners_embed(runners_on_base)")),
    Answer("ext_model", "inning and runners added up before one lookup", ext(
        inning_rows=13, situation="self.inning_embed(innings + runners_on_base)", situation_width="3")),
    Answer("ext_model", "inning ignored", ext(situation="self.runners_embed(runners_on_base)", situation_width="3")),
    Answer("ext_model", "runners ignored", ext(situation="self.inning_embed(innings)", situation_width="3")),
    Answer("ext_model", "pitchers looked up in the batter table", ext(pitcher="self.batter_embed(pitcher_idxs)")),
    Answer("ext_model", "pitchers ignored", ext(pitcher="self.batter_embed(batter_idxs)")),
    Answer("ext_model", "softmax output", ext(head="torch.softmax(self.fc(self.relu(self.hidden(features))), dim=1)")),
    Answer("ext_model", "ReLU on the logits too", ext(head="torch.relu(self.fc(self.relu(self.hidden(features))))")),
    Answer("ext_model", "sigmoid on the logits", ext(head="torch.sigmoid(self.fc(self.relu(self.hidden(features))))")),
    Answer("ext_model", "twenty outcomes whatever the argument", ext(outcomes="20")),
    Answer("ext_model", "embedding size of 9 whatever the argument", """
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, 9)
                self.pitcher_embed = nn.Embedding(n_pitchers, 9)
                self.inning_embed = nn.Embedding(10, 3)
                self.runners_embed = nn.Embedding(4, 3)
                self.hidden = nn.Linear(2 * 9 + 6, 32)
                self.fc = nn.Linear(32, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                features = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs),
                                      self.inning_embed(innings), self.runners_embed(runners_on_base)], dim=1)
                return self.fc(torch.relu(self.hidden(features)))
        """),
    Answer("ext_model", "squeezed output", ext(head="self.fc(self.relu(self.hidden(features))).squeeze()")),
    Answer("ext_model", "a batch of 32 at-bats built in", ext(
        head="self.fc(self.relu(self.hidden(features))).reshape(32, -1)")),
    Answer("ext_model", "runners and innings swapped", ext(signature="batter_idxs, pitcher_idxs, runners_on_base, "
                                                                    "innings")),
    Answer("ext_model", "only whether anyone is on base", ext(
        situation="self.inning_embed(innings), self.runners_embed((runners_on_base > 0).long())")),
    Answer("ext_model", "only whether the inning is late", ext(
        situation="self.inning_embed((innings >= 7).long()), self.runners_embed(runners_on_base)")),
    Answer("ext_model", "hidden layer on the players only", ext(
        init_extra="self.situation = nn.Linear(6, n_outcomes)",
        head="self.fc(self.relu(self.hidden(features[:, :-6]))) + self.situation(features[:, -6:])",
        situation_width="0")),
    Answer("ext_model", "F.dropout left on in eval mode", ext(
        head="self.fc(torch.nn.functional.dropout(self.relu(self.hidden(features)), 0.2))")),
    Answer("ext_model", "embeddings detached", ext(batter="self.batter_embed(batter_idxs).detach()",
                                                   pitcher="self.pitcher_embed(pitcher_idxs).detach()")),
    Answer("ext_model", "output detached", ext(head="self.fc(self.relu(self.hidden(features))).detach()")),
    Answer("ext_model", "player tables kept in a plain list, so not trained", ext(
        init_extra="self.tables = [nn.Embedding(n_batters, embedding_dim), nn.Embedding(n_pitchers, embedding_dim)]",
        batter="self.tables[0](batter_idxs)", pitcher="self.tables[1](pitcher_idxs)")),
    # dataset
    Answer("dataset", "length is the number of keys", dataset(length="len(self.columns)")),
    Answer("dataset", "innings shifted to 0-8", dataset(
        item="{key: column[i] - int(key == 'inning') for key, column in self.columns.items()}")),
    Answer("dataset", "float tensors", dataset(
        init="self.columns = {key: torch.as_tensor(value, dtype=torch.float32) for key, value in at_bats.items()}")),
    Answer("dataset", "int32 tensors", dataset(
        init="self.columns = {key: torch.as_tensor(value, dtype=torch.int32) for key, value in at_bats.items()}")),
    Answer("dataset", "int(i): no list of indices", dataset(
        item="{key: column[int(i)] for key, column in self.columns.items()}")),
    Answer("dataset", "NumPy values", dataset(init="self.columns = dict(at_bats)")),
    Answer("dataset", "a tuple, not a dict", dataset(
        item="tuple(self.columns[key][i] for key in ('batter', 'pitcher', 'inning', 'runners', 'outcome'))")),
    Answer("dataset", "one at-bat too few", dataset(length='len(self.columns["outcome"]) - 1')),
    Answer("dataset", "a slice of one at-bat, shape (1,)", dataset(
        item="{key: column[i:i + 1] for key, column in self.columns.items()}")),
    Answer("dataset", "keys renamed", dataset(
        item="{key + 's': column[i] for key, column in self.columns.items()}")),
    # train
    Answer("train", "optimizer.step() forgotten (the slides' bug)", train(("            optimizer.step()\n", ""))),
    Answer("train", "best loss never initialized (the slides' bug)", train(
        ('    best_valid_loss = float("inf")\n', ""))),
    Answer("train", "best loss starts at 0", train(('best_valid_loss = float("inf")', "best_valid_loss = 0.0"))),
    Answer("train", "saves every epoch", train(("        if valid_loss < best_valid_loss:\n", "        if True:\n"))),
    Answer("train", "best weights never loaded back", train(
        ("    model.load_state_dict(torch.load(checkpoint_path))\n", ""))),
    Answer("train", "best model loaded into a new variable", train(
        ("            torch.save(model.state_dict(), checkpoint_path)\n",
         "            torch.save(model.state_dict(), checkpoint_path)\n"
         "            best_model = copy.deepcopy(model)\n"),
        ("    model.load_state_dict(torch.load(checkpoint_path))\n", "    model = best_model\n"))),
    Answer("train", "best state kept without a copy", train(
        ("            torch.save(model.state_dict(), checkpoint_path)\n",
         "            best_state = model.state_dict()\n"),
        ("    model.load_state_dict(torch.load(checkpoint_path))\n",
         "    torch.save(best_state, checkpoint_path)\n    model.load_state_dict(torch.load(checkpoint_path))\n"))),
    Answer("train", "validation loss summed over batches (the slides' sum)", train(
        ("total_loss += criterion(logits, targets).item() * len(targets)",
         "total_loss += criterion(logits, targets).item()"),
        ("count += len(targets)", "count = 1"))),
    Answer("train", "mean of the validation batch means", train(
        ("total_loss += criterion(logits, targets).item() * len(targets)",
         "total_loss += criterion(logits, targets).item()"),
        ("count += len(targets)", "count += 1"))),
    Answer("train", "validation loss of the last batch only", train(
        ("total_loss += criterion(logits, targets).item() * len(targets)",
         "total_loss = criterion(logits, targets).item() * len(targets)"),
        ("count += len(targets)", "count = len(targets)"))),
    Answer("train", "validated on the training set (the slides' loader)", train(
        ("for batch in valid_loader:", "for batch in train_loader:"))),
    Answer("train", "training loss of the last batch only", train(
        ('history["train_loss"].append(sum(train_losses) / len(train_losses))',
         'history["train_loss"].append(train_losses[-1])'))),
    Answer("train", "training losses summed", train(
        ('history["train_loss"].append(sum(train_losses) / len(train_losses))',
         'history["train_loss"].append(sum(train_losses))'))),
    Answer("train", "no zero_grad: gradients pile up", train(("            optimizer.zero_grad()\n", ""))),
    Answer("train", "step before backward", train(
        ("            loss.backward()\n            optimizer.step()\n",
         "            optimizer.step()\n            loss.backward()\n"))),
    Answer("train", "no model.eval()", train(("        model.eval()\n", ""))),
    Answer("train", "validation with gradients", train(
        ("        with torch.no_grad():\n            for batch in valid_loader:",
         "        with torch.enable_grad():\n            for batch in valid_loader:"))),
    Answer("train", "model.train() only once", train(
        ("    for _ in tqdm(range(epochs)):\n        model.train()\n",
         "    model.train()\n    for _ in tqdm(range(epochs)):\n"))),
]

RIGHT = [
    Answer("model_reading", "the count written as a float", model_reading(count="2180.0")),
    Answer("one_hot", "rows of the identity", one_hot("return np.eye(n_categories)[idxs]")),
    Answer("one_hot", "float32 with a loop", one_hot(
        "one_hots = np.zeros((len(idxs), n_categories), dtype=np.float32)\n"
        "for row, index in enumerate(idxs):\n    one_hots[row, index] = 1\nreturn one_hots")),
    Answer("one_hot", "PyTorch's one_hot", """
        import numpy as np
        import torch

        def one_hot(idxs, n_categories):
            return torch.nn.functional.one_hot(torch.as_tensor(idxs), n_categories).double().numpy()
        """),
    Answer("lookup", "take, and vstack transposed", lookup(
        embed="np.take(W, idxs, axis=1)",
        concat="np.vstack([embed_by_lookup(W_b, batter_idxs), embed_by_lookup(W_p, pitcher_idxs)]).T")),
    Answer("lookup", "rows of the transpose, concatenate", lookup(
        embed="W.T[idxs].T",
        concat="np.concatenate([W_b.T[batter_idxs], W_p.T[pitcher_idxs]], axis=1)")),
    Answer("lookup", "a column per index, and one row per at-bat", lookup(
        embed="np.stack([W[:, i] for i in idxs], axis=1)",
        concat="np.array([np.concatenate([W_b[:, b], W_p[:, p]]) for b, p in zip(batter_idxs, pitcher_idxs)])")),
    Answer("embed_shapes", "computed", "shape_batter_embeds = embed_by_lookup(W_b, batter_idxs).shape\n"
           "shape_cat_embeds = concat_embeddings(W_b, W_p, batter_idxs, pitcher_idxs).shape"),
    Answer("embed_shapes", "lists", embed_shapes("[9, 32]", "[32, 18]")),
    Answer("embedding_copy", "from_pretrained, not frozen", embedding(
        "return nn.Embedding.from_pretrained(torch.tensor(W.T, dtype=torch.float32), freeze=False)")),
    Answer("embedding_copy", "a new Parameter", embedding(
        "embedding = nn.Embedding(*W.T.shape)\nembedding.weight = nn.Parameter(torch.tensor(W.T).float())\n"
        "return embedding")),
    Answer("embedding_copy", "load_state_dict", embedding(
        "embedding = nn.Embedding(W.shape[1], W.shape[0])\n"
        "embedding.load_state_dict({'weight': torch.from_numpy(W.T.copy()).float()})\nreturn embedding")),
    Answer("embedding_copy", "torch.tensor of a tensor (PyTorch warns)", embedding(
        "weights = torch.tensor(torch.from_numpy(W.T), dtype=torch.float32)\n"
        "return nn.Embedding.from_pretrained(weights, freeze=False)")),
    Answer("model_reading", "computed", model_reading(
        shape="tuple(out.shape)", count="sum(p.numel() for p in model.parameters())")),
    Answer("model_reading", "torch.Size and a sum", model_reading(shape="out.shape", count="900 + 900 + 360 + 20")),
    # ext_model: every encoding of the situation, hidden size and extra layer that meets the contract
    Answer("ext_model", "one-hot situation, 128 hidden units, sigmoid on the embeddings as in the slides", """
        import torch
        import torch.nn.functional as F
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes, hidden_size=128):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.sig = nn.Sigmoid()
                self.hidden = nn.Linear(2 * embedding_dim + 9 + 4, hidden_size)
                self.fc = nn.Linear(hidden_size, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                embeds = self.sig(torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs)], dim=1))
                situation = torch.cat([F.one_hot(innings - 1, 9), F.one_hot(runners_on_base, 4)], dim=1).float()
                return self.fc(F.relu(self.hidden(torch.cat([embeds, situation], dim=1))))
        """),
    Answer("ext_model", "scaled numbers for the situation, 8 hidden units", """
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.hidden = nn.Linear(2 * embedding_dim + 2, 8)
                self.fc = nn.Linear(8, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                situation = torch.stack([innings.float() / 9, runners_on_base.float() / 3], dim=1)
                features = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs), situation], 1)
                return self.fc(torch.relu(self.hidden(features)))
        """),
    Answer("ext_model", "raw integers for the situation (PyTorch warns), a Sequential head with dropout", """
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes, hidden=64, dropout=0.2):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.head = nn.Sequential(
                    nn.Linear(2 * embedding_dim + 2, hidden), nn.ReLU(), nn.Dropout(dropout),
                    nn.Linear(hidden, n_outcomes),
                )

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                situation = torch.tensor(torch.stack([innings, runners_on_base], dim=1), dtype=torch.float32)
                embeds = [self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs)]
                return self.head(torch.cat([*embeds, situation], dim=1))
        """),
    Answer("ext_model", "one embedding of the 36 game situations, log-softmax output", """
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes, hidden_dim=16):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.situation_embed = nn.Embedding(36, 4)
                self.hidden = nn.Linear(2 * embedding_dim + 4, hidden_dim)
                self.out = nn.Linear(hidden_dim, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                situation = self.situation_embed((innings - 1) * 4 + runners_on_base)
                features = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs), situation], 1)
                return torch.log_softmax(self.out(self.hidden(features).relu()), dim=1)
        """),
    Answer("ext_model", "nn.Embedding(9) with inning - 1, hidden size 4, functional layers", """
        import torch
        import torch.nn.functional as F
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.inning_embed = nn.Embedding(9, 2)
                self.runners_embed = nn.Embedding(4, 2)
                self.fc1 = nn.Linear(2 * embedding_dim + 4, 4)
                self.fc2 = nn.Linear(4, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                x = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs),
                               self.inning_embed(innings - 1), self.runners_embed(runners_on_base)], dim=-1)
                return self.fc2(F.relu(self.fc1(x)))
        """),
    Answer("ext_model", "nn.Embedding(9) with inning % 9, a shared size for every table", ext(
        inning_rows=9, situation="self.inning_embed(innings % 9), self.runners_embed(runners_on_base)")),
    Answer("ext_model", "two hidden ReLU layers of 256", """
        import torch
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes):
                super().__init__()
                self.batter_embed = nn.Embedding(n_batters, embedding_dim)
                self.pitcher_embed = nn.Embedding(n_pitchers, embedding_dim)
                self.inning_embed = nn.Embedding(10, embedding_dim)
                self.runners_embed = nn.Embedding(4, embedding_dim)
                self.layers = nn.Sequential(nn.Linear(4 * embedding_dim, 256), nn.ReLU(),
                                            nn.Linear(256, 256), nn.ReLU())
                self.classify = nn.Linear(256, n_outcomes)

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                x = torch.cat([self.batter_embed(batter_idxs), self.pitcher_embed(pitcher_idxs),
                               self.inning_embed(innings), self.runners_embed(runners_on_base)], dim=1)
                return self.classify(self.layers(x))
        """),
    Answer("ext_model", "Linear, ReLU, BatchNorm1d, Dropout, Linear (fastai's order for tabular data)", ext_head(
        "nn.Linear(2 * {d} + 6, 64), nn.ReLU(), nn.BatchNorm1d(64), nn.Dropout(0.1), nn.Linear(64, {o})")),
    Answer("ext_model", "Linear, BatchNorm1d, ReLU, Linear", ext_head(
        "nn.Linear(2 * {d} + 6, 48), nn.BatchNorm1d(48), nn.ReLU(), nn.Linear(48, {o})")),
    Answer("ext_model", "Linear, ReLU, LayerNorm, Linear", ext_head(
        "nn.Linear(2 * {d} + 6, 32), nn.ReLU(), nn.LayerNorm(32), nn.Linear(32, {o})")),
    Answer("ext_model", "bare parameters: one matrix per input, a clamp as the ReLU, F.dropout in training only", """
        import torch
        import torch.nn.functional as F
        from torch import nn

        class BatterPitcher2VecExt(nn.Module):
            def __init__(self, n_batters, n_pitchers, embedding_dim, n_outcomes, hidden=32):
                super().__init__()
                self.batters = nn.Parameter(torch.randn(n_batters, embedding_dim))
                self.pitchers = nn.Parameter(torch.randn(n_pitchers, embedding_dim))
                self.W_b = nn.Parameter(torch.randn(embedding_dim, hidden) / embedding_dim ** 0.5)
                self.W_p = nn.Parameter(torch.randn(embedding_dim, hidden) / embedding_dim ** 0.5)
                self.W_s = nn.Parameter(torch.randn(13, hidden) / 2)
                self.b = nn.Parameter(torch.zeros(hidden))
                self.V = nn.Parameter(torch.randn(hidden, n_outcomes) / hidden ** 0.5)
                self.c = nn.Parameter(torch.zeros(n_outcomes))

            def forward(self, batter_idxs, pitcher_idxs, innings, runners_on_base):
                situation = torch.cat([F.one_hot(innings - 1, 9), F.one_hot(runners_on_base, 4)], dim=1).float()
                h = self.batters[batter_idxs] @ self.W_b + self.pitchers[pitcher_idxs] @ self.W_p
                h = torch.clamp(h + situation @ self.W_s + self.b, min=0)
                h = F.dropout(h, 0.1, training=self.training)
                return h @ self.V + self.c
        """),
    # dataset
    Answer("dataset", "from_numpy per column", dataset(
        init="self.columns = {key: torch.from_numpy(np.asarray(value, dtype=np.int64)) "
             "for key, value in at_bats.items()}")),
    Answer("dataset", "one stacked tensor", """
        import numpy as np
        import torch
        from torch.utils.data import Dataset

        KEYS = ("batter", "pitcher", "inning", "runners", "outcome")

        class AtBatDataset(Dataset):
            def __init__(self, at_bats):
                super().__init__()
                self.table = torch.tensor(np.stack([at_bats[key] for key in KEYS]), dtype=torch.long)

            def __len__(self):
                return self.table.shape[1]

            def __getitem__(self, i):
                return dict(zip(KEYS, self.table[:, i], strict=True))
        """),
    Answer("dataset", "NumPy kept, converted per item", dataset(
        init="self.at_bats = at_bats", length="len(self.at_bats['batter'])",
        item="{key: torch.as_tensor(value[i], dtype=torch.int64) for key, value in self.at_bats.items()}")),
    # train (the reference in this file draws a tqdm bar on stderr)
    Answer("train", "<= and zero_grad after the step on the model", train(
        ("if valid_loss < best_valid_loss:", "if valid_loss <= best_valid_loss:"),
        ("            optimizer.zero_grad()\n", ""),
        ("            optimizer.step()\n", "            optimizer.step()\n            model.zero_grad()\n"))),
    Answer("train", "inference_mode and a summed loss", train(
        ("        with torch.no_grad():", "        with torch.inference_mode():"),
        ("total_loss += criterion(logits, targets).item() * len(targets)",
         "total_loss += nn.functional.cross_entropy(logits, targets, reduction='sum').item()"))),
    Answer("train", "best state kept in memory, saved and loaded at the end", train(
        ("            torch.save(model.state_dict(), checkpoint_path)\n",
         "            best_state = copy.deepcopy(model.state_dict())\n"),
        ("    model.load_state_dict(torch.load(checkpoint_path))\n",
         "    torch.save(best_state, checkpoint_path)\n    model.load_state_dict(torch.load(checkpoint_path))\n"))),
    Answer("train", "divided by the size of the validation dataset", train(
        ("                count += len(targets)\n", ""),
        ("valid_loss = total_loss / count", "valid_loss = total_loss / len(valid_loader.dataset)"))),
    Answer("train", "one loss over all the validation logits", train(
        ("        total_loss, count = 0.0, 0\n", "        all_logits, all_targets = [], []\n"),
        ("                total_loss += criterion(logits, targets).item() * len(targets)\n"
         "                count += len(targets)\n",
         "                all_logits.append(logits)\n                all_targets.append(targets)\n"),
        ("        valid_loss = total_loss / count\n",
         "        valid_loss = criterion(torch.cat(all_logits), torch.cat(all_targets)).item()\n"))),
]
