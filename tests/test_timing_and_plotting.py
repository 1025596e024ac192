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
