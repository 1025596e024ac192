"""embedlab.timing and embedlab.plotting (behaviour, not speed)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from embedlab.plotting import heatmap, line_plot  # noqa: E402
from embedlab.timing import Timer, median_time  # noqa: E402


def test_timer_records_and_refuses_misuse() -> None:
    t = Timer()
    with pytest.raises(RuntimeError, match="before"):
        t.stop()
    with pytest.raises(RuntimeError, match="no times"):
        t.median()
    with t:
        pass
    assert len(t.times) == 1 and t.median() >= 0


def test_median_time_calls_warmup_plus_repeat() -> None:
    calls = []
    median_time(lambda: calls.append(1), repeat=3, warmup=2)
    assert len(calls) == 5
    with pytest.raises(ValueError):
        median_time(lambda: None, repeat=0)


def test_plots_are_titled_and_labelled() -> None:
    ax = line_plot({"a": [1, 2], "b": [2, 1]}, x=[10, 20], title="T", xlabel="x", ylabel="y", logx=True)
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "x", "y")
    assert len(ax.get_lines()) == 2 and ax.get_xscale() == "log"
    ax2 = heatmap(torch.eye(2), ["p", "q"], title="H")
    assert ax2.get_title() == "H" and [t.get_text() for t in ax2.get_xticklabels()] == ["p", "q"]
    with pytest.raises(ValueError, match="N labels"):
        heatmap(torch.eye(2), ["p"], title="bad")
    plt.close("all")


def test_heatmap_keeps_a_fixed_colour_scale() -> None:
    """A given vmin/vmax wins over the data's own range, and the colour bar carries its label."""
    cosines = torch.tensor([[1.0, 0.5], [0.5, 1.0]])
    ax = heatmap(cosines, ["p", "q"], title="C", vmin=-1, vmax=1, cmap="RdBu_r", colorbar_label="cosine")
    image = ax.get_images()[0]
    assert image.get_clim() == (-1, 1) and image.get_cmap().name == "RdBu_r"
    assert image.colorbar.ax.get_ylabel() == "cosine"
    auto = heatmap(cosines, ["p", "q"], title="auto", annotate=False).get_images()[0]
    assert auto.get_clim() == (0.5, 1.0) and auto.get_cmap().name == "viridis"
    plt.close("all")
