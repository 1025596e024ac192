"""Benchmark: embedlab's word2vec trainer against gensim's Word2Vec on the same tokens.

Not collected by pytest (no ``test_`` prefix). Run it with::

    make bench                                   # or:
    OMP_NUM_THREADS=1 .venv/bin/python -m tools.bench_word2vec [--epochs 2 5 10 20] [--repeats 3]
    .venv/bin/python -m tools.bench_word2vec --quick   # 2 and 5 epochs, 3 repeats, no budget row

Both train skip-gram with negative sampling (negative=5, vector_size=100, window=5,
min_count=5, sample=1e-3, lr 0.025 decayed linearly to 0.0001) with 2 worker threads each;
torch uses one thread per worker (``torch.set_num_threads(1)``). The corpus is the 106
Wikipedia articles gensim ships, cut into texts of at most 10,000 tokens for BOTH systems.
gensim's Word2Vec silently stops reading a text at its 10,000th *kept* token: it counts only
the tokens that are in the vocabulary and survive subsampling, so on this corpus it skips
about 1,200 tokens per epoch (in the two longest articles) of the about 315,000 kept, not the
about 22,000 raw tokens that lie past the 10,000th of their article. Small, but without the cut
the two systems would not see the same tokens.

Fairness on a shared machine: the two systems run alternately (ours, gensim, then gensim,
ours, ...) so changes in machine load hit both alike; the table shows medians over the repeats
with their spread (min-max), and the ratio ours/gensim is the ratio of the medians of the same
run. The load average is printed with the table. Wall time includes building the vocabulary.

Besides fixed epoch counts, the "lesson budget" rows answer: what quality does each system
reach in about 8 s of training? The epochs that fit are taken from each system's median
seconds per epoch in the runs above (the 2-epoch rows at least), then those epochs are run.

Prints a table and a line for scripts: ``RATIO ours/gensim wall at 20 epochs: 0.47``.
Writes ``artifacts/bench_word2vec.json`` (its ``summary`` is a list of ``{system, epochs,
seconds, ws353, simlex, analogy, ...}``) and ``artifacts/bench_word2vec.png``. With
``--publish`` it also writes the copy that lesson 06 shows instead of a live gensim run,
``src/embedlab/benchmarks/word2vec.json`` and ``.png`` (read with
:func:`embedlab.word2vec.benchmark_results`); commit those two files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch

from embedlab.data import load_wiki_corpus
from embedlab.evaluation import analogy_accuracy, word_pair_similarity
from embedlab.word2vec import WordVectors, train_word2vec

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PUBLISHED = Path(__file__).resolve().parent.parent / "src" / "embedlab" / "benchmarks"
COMMON = {"vector_size": 100, "window": 5, "negative": 5, "min_count": 5, "sample": 1e-3}
MAX_TEXT = 10_000  # gensim stops reading a text at its 10,000th kept token (MAX_SENTENCE_LEN)
BUDGET_SECONDS = 8.0
QUALITY = ("ws353", "simlex", "analogy")


def chunked(articles: list[list[str]], size: int = MAX_TEXT) -> list[list[str]]:
    """Articles cut into consecutive texts of at most ``size`` tokens (nothing dropped)."""
    return [a[i : i + size] for a in articles for i in range(0, len(a), size)]


def run_ours(corpus: list[list[str]], epochs: int, workers: int, seed: int) -> tuple[float, WordVectors]:
    start = time.perf_counter()
    wv = train_word2vec(corpus, epochs=epochs, workers=workers, seed=seed, **COMMON)
    return time.perf_counter() - start, wv


def run_gensim(corpus: list[list[str]], epochs: int, workers: int, seed: int) -> tuple[float, WordVectors]:
    from gensim.models import Word2Vec

    start = time.perf_counter()
    model = Word2Vec(corpus, sg=1, epochs=epochs, workers=workers, seed=seed, **COMMON)
    elapsed = time.perf_counter() - start
    return elapsed, WordVectors(list(model.wv.index_to_key), torch.from_numpy(model.wv.vectors.copy()))


SYSTEMS: dict[str, Callable[[list[list[str]], int, int, int], tuple[float, WordVectors]]] = {
    "embedlab": run_ours, "gensim": run_gensim,
}


def evaluate(wv: WordVectors) -> dict[str, float]:
    ws, sl, an = (word_pair_similarity(wv, "wordsim353"), word_pair_similarity(wv, "simlex999"),
                  analogy_accuracy(wv))
    return {
        "ws353": ws.spearman, "ws353_coverage": ws.coverage,
        "simlex": sl.spearman, "simlex_coverage": sl.coverage,
        "analogy": an.accuracy, "analogy_coverage": an.coverage,
    }


def measure(corpus: list[list[str]], label: str, epochs: dict[str, int], repeats: int, workers: int,
            tokens: int, runs: list[dict]) -> None:
    """Run both systems ``repeats`` times, alternating which goes first; append rows to ``runs``."""
    for rep in range(repeats):
        order = list(SYSTEMS) if rep % 2 == 0 else list(SYSTEMS)[::-1]
        for name in order:
            seconds, wv = SYSTEMS[name](corpus, epochs[name], workers, rep)
            row = {"row": label, "system": name, "epochs": epochs[name], "repeat": rep, "seconds": seconds,
                   "words_per_s": tokens * epochs[name] / seconds, "vocab": len(wv),
                   "load_1min": os.getloadavg()[0], **evaluate(wv)}
            runs.append(row)
            print(f"  {label:>10s} {name:8s} epochs={epochs[name]:2d} rep={rep} {seconds:6.2f}s "
                  f"WS353={row['ws353']:.3f} SimLex={row['simlex']:.3f} load={row['load_1min']:.1f}",
                  flush=True)


def summarize(runs: list[dict], label: str) -> list[dict]:
    """Medians and spreads per system for one row label, with the ratio of the medians."""
    out = []
    for name in SYSTEMS:
        rows = [r for r in runs if r["row"] == label and r["system"] == name]
        entry: dict = {"row": label, "system": name, "epochs": rows[0]["epochs"], "repeats": len(rows)}
        for key in ("seconds", "words_per_s", *QUALITY):
            values = [r[key] for r in rows]
            entry[key] = statistics.median(values)
            entry[f"{key}_min"], entry[f"{key}_max"] = min(values), max(values)
        out.append(entry)
    ours, theirs = out
    ratio = ours["seconds"] / theirs["seconds"]
    for entry in out:
        entry["time_ratio_ours_over_gensim"] = ratio
        for key in QUALITY:
            entry[f"{key}_ours_minus_gensim"] = ours[key] - theirs[key]
    return out


def print_table(summary: list[dict]) -> None:
    header = (f"{'row':>10s} {'system':9s} {'epochs':>6s} {'median s':>9s} {'(min..max)':>14s} {'WS353':>6s} "
              f"{'(min..max)':>14s} {'SimLex':>6s} {'(min..max)':>14s} {'analogy':>7s} {'ours/gensim':>11s}")
    print("\n" + header + "\n" + "-" * len(header))
    for s in summary:
        ratio = f"{s['time_ratio_ours_over_gensim']:.2f}" if s["system"] == "embedlab" else ""
        print(f"{s['row']:>10s} {s['system']:9s} {s['epochs']:6d} {s['seconds']:9.2f} "
              f"{s['seconds_min']:6.2f}..{s['seconds_max']:<6.2f} {s['ws353']:6.3f} "
              f"{s['ws353_min']:6.3f}..{s['ws353_max']:<6.3f} {s['simlex']:6.3f} "
              f"{s['simlex_min']:6.3f}..{s['simlex_max']:<6.3f} {s['analogy']:7.3f} {ratio:>11s}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[2, 5, 10, 20])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS,
                        help="seconds of training for the lesson-budget rows (0: skip them)")
    parser.add_argument("--quick", action="store_true", help="2 and 5 epochs only, no budget rows")
    parser.add_argument("--publish", action="store_true",
                        help=f"also write the copy lesson 06 shows: {PUBLISHED}/word2vec.json and .png")
    args = parser.parse_args(argv)
    if args.quick:
        args.epochs, args.budget = [2, 5], 0.0
    if args.repeats < 1 or any(e < 1 for e in args.epochs):
        parser.error("--repeats and --epochs must be >= 1")
    torch.set_num_threads(1)  # one torch thread per worker thread, like gensim's one core per worker

    articles = load_wiki_corpus()
    corpus = chunked(articles)
    tokens = sum(map(len, corpus))
    print(f"corpus: {len(articles)} articles cut into {len(corpus)} texts of <= {MAX_TEXT} tokens, "
          f"{tokens} tokens", flush=True)
    load_before = os.getloadavg()
    runs: list[dict] = []
    summary: list[dict] = []
    for epochs in args.epochs:
        label = f"{epochs} epochs"
        measure(corpus, label, {name: epochs for name in SYSTEMS}, args.repeats, args.workers, tokens, runs)
        summary += summarize(runs, label)
    if args.budget > 0:
        per_epoch = {name: statistics.median(r["seconds"] / r["epochs"] for r in runs if r["system"] == name)
                     for name in SYSTEMS}
        fit = {name: max(1, int(args.budget / per_epoch[name])) for name in SYSTEMS}
        label = f"{args.budget:g} s budget"
        print(f"  {label}: epochs that fit {fit} (median s/epoch {per_epoch})", flush=True)
        measure(corpus, label, fit, args.repeats, args.workers, tokens, runs)
        summary += summarize(runs, label)
    load_after = os.getloadavg()

    print_table(summary)
    print(f"\nload average (1, 5, 15 min) before {tuple(round(x, 2) for x in load_before)}, "
          f"after {tuple(round(x, 2) for x in load_after)}; {os.cpu_count()} CPUs; workers={args.workers}; "
          f"torch threads={torch.get_num_threads()}; {args.repeats} repeats, medians with (min..max)")
    for s in summary:
        if s["system"] == "embedlab" and s["row"].endswith("epochs"):
            print(f"RATIO ours/gensim wall at {s['epochs']} epochs: {s['time_ratio_ours_over_gensim']:.2f} "
                  f"(WS353 {s['ws353_ours_minus_gensim']:+.3f}, "
                  f"SimLex {s['simlex_ours_minus_gensim']:+.3f} vs gensim)")

    result = {
        "corpus_texts": len(corpus), "corpus_tokens": tokens, "max_text_tokens": MAX_TEXT,
        "workers": args.workers, "repeats": args.repeats, "settings": COMMON,
        "torch_threads": torch.get_num_threads(), "cpu_count": os.cpu_count(),
        "machine": platform.machine(), "load_average_before": load_before, "load_average_after": load_after,
        "runs": runs, "summary": summary,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench_word2vec.json").write_text(json.dumps(result, indent=2))
    _figure([s for s in summary if s["row"].endswith("epochs")])
    print(f"wrote {ARTIFACTS / 'bench_word2vec.json'} and {ARTIFACTS / 'bench_word2vec.png'}")
    if args.publish:
        PUBLISHED.mkdir(exist_ok=True)
        for suffix in (".json", ".png"):
            written = (ARTIFACTS / f"bench_word2vec{suffix}").read_bytes()
            (PUBLISHED / f"word2vec{suffix}").write_bytes(written)
        print(f"published {PUBLISHED / 'word2vec.json'} and .png (lesson 06 shows them; commit both)")
    return result


def _figure(summary: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_q) = plt.subplots(1, 2, figsize=(10, 4))
    for name, marker in (("embedlab", "o"), ("gensim", "s")):
        rows = [s for s in summary if s["system"] == name]
        epochs = [r["epochs"] for r in rows]
        ax_t.errorbar(epochs, [r["seconds"] for r in rows], marker=marker, label=name, capsize=3,
                      yerr=[[r["seconds"] - r["seconds_min"] for r in rows],
                            [r["seconds_max"] - r["seconds"] for r in rows]])
        ax_q.plot(epochs, [r["ws353"] for r in rows], marker=marker, label=f"{name} WS353")
        ax_q.plot(epochs, [r["simlex"] for r in rows], marker=marker, linestyle="--", label=f"{name} SimLex")
    ax_t.set(title="Training time (median, min-max)", xlabel="epochs", ylabel="wall-clock seconds")
    ax_q.set(title="Quality: Spearman with human ratings (median)", xlabel="epochs",
             ylabel="Spearman correlation")
    for ax in (ax_t, ax_q):
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle("word2vec skip-gram on 106 Wikipedia articles (texts <= 10,000 tokens): embedlab vs gensim")
    fig.tight_layout()
    fig.savefig(ARTIFACTS / "bench_word2vec.png", dpi=100)


if __name__ == "__main__":
    main()
