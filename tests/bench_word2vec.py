"""Benchmark: embedlab's word2vec trainer against gensim's Word2Vec on the same corpus.

Not collected by pytest (no ``test_`` prefix). Run it with::

    make bench                                   # or:
    OMP_NUM_THREADS=1 .venv/bin/python -m tests.bench_word2vec [--epochs 5 10 20] [--repeats 3]

Both train skip-gram with negative sampling (negative=5, vector_size=100, window=5,
min_count=5, sample=1e-3, lr 0.025 decayed linearly) on the 106 Wikipedia articles gensim
ships, with 2 worker threads each. The two are alternated (ours, gensim, gensim, ours, ...)
so that changes in machine load hit both alike; the table shows medians over the repeats.
Wall time includes building the vocabulary (as gensim's does). Writes
``artifacts/bench_word2vec.json`` and ``artifacts/bench_word2vec.png``.

Differences worth knowing when reading the numbers: gensim silently truncates texts longer
than 10,000 tokens (about 22k of the corpus's 453k tokens are skipped), ours uses every
token; ours shares 16 noise words per batch (weighted 5/16) where gensim draws 5 per pair.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import torch

from embedlab.data import load_wiki_corpus
from embedlab.evaluation import analogy_accuracy, word_pair_similarity
from embedlab.word2vec import WordVectors, train_word2vec

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
COMMON = {"vector_size": 100, "window": 5, "negative": 5, "min_count": 5, "sample": 1e-3}


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


def evaluate(wv: WordVectors) -> dict[str, float]:
    ws, sl, an = word_pair_similarity(wv, "wordsim353"), word_pair_similarity(wv, "simlex999"), analogy_accuracy(wv)
    return {
        "ws353": ws.spearman, "ws353_coverage": ws.coverage,
        "simlex": sl.spearman, "simlex_coverage": sl.coverage,
        "analogy": an.accuracy, "analogy_coverage": an.coverage,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    corpus = load_wiki_corpus()
    tokens = sum(map(len, corpus))
    load_before = os.getloadavg()
    runs: list[dict] = []
    systems = {"embedlab": run_ours, "gensim": run_gensim}
    for epochs in args.epochs:
        for rep in range(args.repeats):
            order = ["embedlab", "gensim"] if rep % 2 == 0 else ["gensim", "embedlab"]
            for name in order:
                seconds, wv = systems[name](corpus, epochs, args.workers, rep)
                row = {"system": name, "epochs": epochs, "repeat": rep, "seconds": seconds,
                       "words_per_s": tokens * epochs / seconds, "vocab": len(wv), **evaluate(wv)}
                runs.append(row)
                print(f"  {name:8s} epochs={epochs:2d} rep={rep} {seconds:6.2f}s WS353={row['ws353']:.3f}", flush=True)

    summary = []
    for epochs in args.epochs:
        med = {}
        for name in systems:
            rows = [r for r in runs if r["system"] == name and r["epochs"] == epochs]
            med[name] = {k: statistics.median(r[k] for r in rows)
                         for k in ("seconds", "words_per_s", "ws353", "simlex", "analogy")}
        for name in systems:
            summary.append({"system": name, "epochs": epochs, **med[name],
                            "time_ratio_ours_over_gensim": med["embedlab"]["seconds"] / med["gensim"]["seconds"]})

    header = f"{'system':9s} {'epochs':>6s} {'median s':>9s} {'words/s':>9s} {'WS353':>6s} {'SimLex':>6s} {'analogy':>7s} {'ours/gensim':>11s}"
    print("\n" + header + "\n" + "-" * len(header))
    for s in summary:
        ratio = f"{s['time_ratio_ours_over_gensim']:.2f}" if s["system"] == "embedlab" else ""
        print(f"{s['system']:9s} {s['epochs']:6d} {s['seconds']:9.2f} {s['words_per_s']:9.0f} "
              f"{s['ws353']:6.3f} {s['simlex']:6.3f} {s['analogy']:7.3f} {ratio:>11s}")
    load_after = os.getloadavg()
    print(f"\ncorpus: {len(corpus)} articles, {tokens} tokens; workers={args.workers}; "
          f"torch threads={torch.get_num_threads()}; load average before {load_before[0]:.1f}, after {load_after[0]:.1f}")

    result = {
        "corpus_tokens": tokens, "workers": args.workers, "repeats": args.repeats, "settings": COMMON,
        "torch_threads": torch.get_num_threads(), "cpu_count": os.cpu_count(), "machine": platform.machine(),
        "load_average_before": load_before, "load_average_after": load_after, "runs": runs, "summary": summary,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench_word2vec.json").write_text(json.dumps(result, indent=2))
    _figure(summary, args.epochs)
    print(f"wrote {ARTIFACTS / 'bench_word2vec.json'} and {ARTIFACTS / 'bench_word2vec.png'}")
    return result


def _figure(summary: list[dict], epochs: list[int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_q) = plt.subplots(1, 2, figsize=(10, 4))
    for name, marker in (("embedlab", "o"), ("gensim", "s")):
        rows = [s for s in summary if s["system"] == name]
        ax_t.plot(epochs, [r["seconds"] for r in rows], marker=marker, label=name)
        ax_q.plot(epochs, [r["ws353"] for r in rows], marker=marker, label=f"{name} WS353")
        ax_q.plot(epochs, [r["simlex"] for r in rows], marker=marker, linestyle="--", label=f"{name} SimLex")
    ax_t.set(title="Training time (median)", xlabel="epochs", ylabel="wall-clock seconds")
    ax_q.set(title="Quality: Spearman with human ratings", xlabel="epochs", ylabel="Spearman correlation")
    for ax in (ax_t, ax_q):
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle("word2vec skip-gram on 106 Wikipedia articles: embedlab vs gensim")
    fig.tight_layout()
    fig.savefig(ARTIFACTS / "bench_word2vec.png", dpi=100)


if __name__ == "__main__":
    main()
