"""Titled, labelled figures in one call, so every lesson's plots look alike.

Introduced in lesson 01. Each function draws on a new figure (or a given ``ax``) and
returns the axes; the notebook then calls ``plt.show()``.

Example:
    >>> ax = line_plot({"loss": [3.0, 2.0, 1.5]}, title="Training", xlabel="step", ylabel="loss")
    >>> ax.get_title()
    'Training'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def line_plot(
    series: Mapping[str, Sequence[float]],
    *,
    x: Sequence[float] | None = None,
    title: str,
    xlabel: str,
    ylabel: str,
    logx: bool = False,
    logy: bool = False,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (6, 4),
) -> Axes:
    """One line per named series, with a legend, title and axis labels."""
    ax = _axes(ax, figsize)
    for name, ys in series.items():
        xs = list(x) if x is not None else list(range(len(ys)))
        ax.plot(xs, list(ys), marker="o", markersize=3, label=name)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def heatmap(
    matrix: torch.Tensor,
    labels: Sequence[str],
    *,
    title: str,
    colorbar_label: str = "",
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: str = "viridis",
    ax: Axes | None = None,
    figsize: tuple[float, float] = (5, 4.5),
    annotate: bool = True,
) -> Axes:
    """A labelled square heat map of an (N, N) matrix, e.g. cosine similarities.

    Without ``vmin``/``vmax`` the colours stretch from the smallest to the largest entry, so the
    same colour means different values in different figures; for a quantity with a natural range
    pass it, e.g. ``vmin=-1, vmax=1, cmap="RdBu_r"`` for cosines (0 in the neutral middle colour).
    """
    values = torch.as_tensor(matrix).detach().cpu()
    if values.dim() != 2 or values.shape[0] != values.shape[1] or values.shape[0] != len(labels):
        raise ValueError(f"need an (N, N) matrix and N labels; got {tuple(values.shape)} and {len(labels)}")
    ax = _axes(ax, figsize)
    image = ax.imshow(values.numpy(), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", color="w", fontsize=8)
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    ax.set_title(title)
    return ax
