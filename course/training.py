"""A training loop with a progress bar, for lectures where the loop is not the lesson.

A data loader yields ``(inputs, targets)`` batches; ``inputs`` is a tensor, or a tuple of
tensors passed to the model as separate arguments (``model(*inputs)``). Accuracy is
recorded when the model returns class scores of shape ``(batch, classes)`` and the
targets are class indices.
"""


def _to_device(inputs, device):
    # non_blocking: from a loader with pin_memory=True the copy to a GPU overlaps the computation;
    # on a CPU it changes nothing.
    if isinstance(inputs, (tuple, list)):
        return tuple(tensor.to(device, non_blocking=True) for tensor in inputs)
    return (inputs.to(device, non_blocking=True),)


def _correct(outputs, targets):
    """Number of right predictions, or ``None`` when the task is not classification."""
    if outputs.ndim == 2 and targets.ndim == 1 and not targets.is_floating_point():
        return (outputs.argmax(dim=1) == targets).sum().item()
    return None


def evaluate(model, loader, loss_fn, device=None):
    """Mean loss and accuracy (``None`` unless classifying) of ``model`` over ``loader``."""
    import torch

    from course.device import get_device

    device = device or get_device()
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for inputs, targets in loader:
            targets = targets.to(device, non_blocking=True)
            outputs = model(*_to_device(inputs, device))
            total_loss += loss_fn(outputs, targets).item() * len(targets)
            right = _correct(outputs, targets)
            correct = None if right is None or correct is None else correct + right
            count += len(targets)
    return total_loss / count, (None if correct is None else correct / count)


def fit(model, train_loader, loss_fn, optimizer, epochs, val_loader=None, device=None, progress=True):
    """Train ``model`` for ``epochs`` passes over ``train_loader``; return the history.

    The history is a dict of per-epoch lists: ``train_loss`` and, when available,
    ``train_accuracy``, ``val_loss`` and ``val_accuracy``. Pass it to
    :func:`course.plot_history`.
    """
    from tqdm.auto import tqdm

    from course.device import get_device

    device = device or get_device()
    model.to(device)
    history = {}
    bar = tqdm(range(epochs), desc="epochs", disable=not progress)
    for _ in bar:
        model.train()
        total_loss, correct, count = 0.0, 0, 0
        for inputs, targets in train_loader:
            targets = targets.to(device, non_blocking=True)
            optimizer.zero_grad()
            outputs = model(*_to_device(inputs, device))
            loss = loss_fn(outputs, targets)
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(targets)
            right = _correct(outputs.detach(), targets)
            correct = None if right is None or correct is None else correct + right
            count += len(targets)
        record = {"train_loss": total_loss / count, "train_accuracy": None if correct is None else correct / count}
        if val_loader is not None:
            record["val_loss"], record["val_accuracy"] = evaluate(model, val_loader, loss_fn, device)
        for key, value in record.items():
            if value is not None:
                history.setdefault(key, []).append(value)
        bar.set_postfix({key: f"{value:.3f}" for key, value in record.items() if value is not None})
    return history
