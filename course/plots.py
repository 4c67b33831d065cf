"""Pictures the lectures share: training curves and grids of images."""


def plot_history(history, title=None):
    """Plot the per-epoch losses (and accuracies, when recorded) that :func:`course.fit` returns."""
    import matplotlib.pyplot as plt

    kinds = [kind for kind in ("loss", "accuracy") if any(key.endswith(kind) for key in history)]
    fig, axes = plt.subplots(1, len(kinds), figsize=(5 * len(kinds), 3.5), squeeze=False)
    for ax, kind in zip(axes[0], kinds, strict=True):
        for key, values in history.items():
            if key.endswith(kind):
                ax.plot(range(1, len(values) + 1), values, marker="o", label=key.replace("_", " "))
        ax.set_xlabel("epoch")
        ax.set_ylabel(kind)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(images, labels=None, ncols=8, cmap="gray", size=1.5):
    """Show a grid of images: ``(n, h, w)``, ``(n, channels, h, w)`` or ``(n, h, w, 3)``.

    Arrays or tensors are accepted. Each image is rescaled to [0, 1] on its own, which
    also makes learned filters (any range of weights) visible.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from course.checks import to_numpy

    images = to_numpy(images, "images").astype(np.float64)
    if images.ndim == 4 and images.shape[1] in (1, 3) and images.shape[-1] not in (1, 3):
        images = images.transpose(0, 2, 3, 1)  # channels last, as matplotlib wants
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            image = images[i]
            low, high = image.min(), image.max()
            ax.imshow((image - low) / (high - low) if high > low else image * 0, cmap=cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    fig.tight_layout()
    return fig
