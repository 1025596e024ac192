"""What "check my work" says when an exercise fails a hidden test: one hint per test cell.

Used by :mod:`embedlab.checkwork.run` (check my work, at the end of every lesson). A hidden test's
source, values and messages are never shown to the learner; instead the check names the kind of case
to think about.
Each hint is written in general terms (the kinds of input the hidden tests try), never with the
expected values. ``HINTS[lesson slug][test grade_id]``; a test without an entry gets
:data:`DEFAULT_HINT`. A new exercise gets its hint here (tests/test_checkwork.py checks that every
test cell of every lesson has one).

Example:
    >>> hint_for("01-one-hot-vs-embeddings", "test_encode").startswith("an edge case fails")
    True
    >>> hint_for("99-new", "test_x") == DEFAULT_HINT
    True
"""

from __future__ import annotations

__all__ = ["DEFAULT_HINT", "HINTS", "hint_for"]

DEFAULT_HINT = ("an edge case fails: think about other shapes and dtypes, empty inputs, the largest "
                "allowed values, and leaving the inputs unchanged")

_E = "an edge case fails: think about "

HINTS: dict[str, dict[str, str]] = {
    "01-one-hot-vs-embeddings": {
        "test_build_vocab": _E + "whether min_count is inclusive, how ties are ordered (sorted()'s order "
                                 "of strings), text that already contains '<unk>', an empty text, the full "
                                 "corpus, and returning a plain list",
        "test_encode": _E + "an empty list, repeated and unknown tokens, upper/lower case, and returning "
                            "a plain list of Python ints (not a tensor)",
        "test_one_hot_batch": _E + "1-D and 3-D ids, the last valid id, a vocab_size larger than any id, no "
                                   "ids at all, and ids outside 0..vocab_size-1 (which should raise "
                                   "IndexError naming the id, even in a batch too long to print)",
        "test_cosine_matrix": _E + "non-square inputs, rows of very different lengths, float64 inputs, a "
                                   "row of zeros (never nan), a very short but non-zero row, and not "
                                   "changing X",
        "test_lookup_by_matmul": _E + "the last row of W, 1-D ids, float64 weights, and a W with more rows "
                                      "than the largest id",
        "test_embedding_as_linear": _E + "the bias, every row of the table, a trainable weight, copying "
                                         "(not sharing) the embedding's weights, and other sizes (one "
                                         "column) and dtypes",
    },
    "02-tensors": {
        "test_lookup_or_zero": _E + "a batch with nothing missing and one with everything missing, 1-D "
                                    "and 3-D ids, int32 ids, ids that are not contiguous, float64 tables, "
                                    "a marker other than -1, a table holding nan or inf, bad ids of every "
                                    "kind (negative ones too) in the order they come, and leaving table "
                                    "and ids unchanged",
        "test_pick_scores": _E + "a single row, more rows than classes, -inf scores (also the target's "
                                 "own), keeping the dtype (even for an empty batch), and leaving the input "
                                 "unchanged",
        "test_pairwise_distances": _E + "sets of different sizes (N, M and D all different), a set against "
                                        "itself (zero diagonal, never nan), D = 1, and float64 inputs "
                                        "(also far from the origin)",
        "test_pad_and_mask": _E + "a real token equal to the padding id, a non-zero padding id, an empty "
                                  "sequence, sequences that are all the same length, and a single sequence",
        "test_standardize": _E + "a constant training column, a column with a tiny but non-zero spread, a "
                                 "single test row, more columns than rows, and leaving the inputs unchanged",
    },
    "03-autograd": {
        "test_df": _E + "2-D and empty inputs, keeping the input's dtype, leaving the input unchanged, "
                        "and writing the derived formula rather than using autograd in any form",
        "test_accumulate_grad": _E + "chunks of unequal sizes, an empty chunk, a gradient left over from "
                                     "before, float32 parameters, and calling the function twice",
        "test_numerical_grad": _E + "functions that mix entries, the eps argument, inputs of other shapes "
                                    "and dtypes, inputs that require grad, an input an earlier loss still "
                                    "needs (no in-place change to it, even if undone), and empty inputs",
        "test_grad_row_scale": _E + "ids that repeat or never appear, the gradient's shape and dtype, ids "
                                    "that are not contiguous, and leaving the ids unchanged",
        "test_lookup_backward": _E + "many repeated ids, float64 gradients, a table larger than the ids "
                                     "reach, 1-D ids, ids and a grad_out that are not contiguous, and no "
                                     "ids at all",
    },
    "04-gradient-descent": {
        "test_gradient_step": _E + "other points and learning rates, a perfect fit, a learning rate of 0, a "
                                   "single point, leaving the inputs unchanged, and using the formulas "
                                   "rather than autograd in any form",
        "test_train_loop": _E + "more steps, another learning rate, zero steps, and a different loss",
        "test_learning_rate_range": _E + "finding both ends of the range accurately, not stopping at the "
                                         "first zig-zag",
        "test_minibatch_indices": _E + "sizes that divide exactly or not at all, a batch larger than the "
                                       "data, no examples, shuffling the whole epoch, and using only the "
                                       "generator you are given",
        "test_early_stopping": _E + "equal losses, when patience resets, patience 1, a single epoch, and "
                                    "long random loss curves",
    },
    "05-nn-embedding": {
        "test_make_optimizers": _E + "which rows move at each step (padding row, rows not looked up), "
                                     "tables with other names or types, tables nested inside other "
                                     "modules or of a subclass, the learning rate, and two independent "
                                     "calls",
        "test_pretrained_with_unk": _E + "freeze=False, which rows get gradient, float64 vectors, sharing "
                                         "memory with the input, changing the caller's list, inputs that "
                                         "do not match, and building the layer the way the text asks",
        "test_ValidatedLookup": _E + "the largest valid id and the first invalid one (the message), float "
                                     "and bool ids, scalar and int32 ids, empty batches, a bad id after a "
                                     "larger valid one, files that hold something other than a tensor "
                                     "(a dict, a list), and loading files safely",
        "test_bag_mean": _E + "the last bag, empty bags in the middle and at the end, no ids at all, "
                              "float64 tables, int32 ids, precision with large values, gradients, "
                              "leaving the inputs unchanged, and computing the means yourself",
    },
    "06-word2vec": {
        "test_subsampling_keep": _E + "other thresholds (the sample argument), words exactly at and just "
                                      "above the threshold, a single word, counts shaped like a real corpus "
                                      "and very large ones, computing in float64, and leaving the counts "
                                      "unchanged",
        "test_skipgram_pairs": _E + "repeated ids, one-word and empty sentences, windows larger than the "
                                    "sentence or of 0, leaving the inputs unchanged, and returning tuples "
                                    "of plain ints",
        "test_unigram_table": _E + "equal counts (where rounding each share on its own fails), a running "
                                   "total that floating point leaves just short of 1, the power argument (1 "
                                   "and 0), tables smaller than the vocabulary, a single word, very large or "
                                   "float64 counts, and leaving the counts unchanged",
        "test_sgns_loss": _E + "leaving the inputs unchanged, gradients reaching all three inputs, very "
                               "large scores (the loss and its gradient), K = 1 and B = 1, and float64 "
                               "inputs",
        "test_sgns_gradients": _E + "summing over the batch (not averaging), float64 inputs, very large "
                                    "scores, working without autograd, and leaving the inputs unchanged",
    },
    "07-embeddings-in-models": {
        "test_last_real_output": _E + "a batch of one and an empty batch, a length equal to T, lengths "
                                      "outside 1..T, float64 outputs, gradients, and leaving the inputs "
                                      "unchanged",
        "test_bag_of_words": _E + "words that occur more than once, vocab_size larger than the largest id, "
                                  "padding positions that hold ids other than 0 (the lengths decide what "
                                  "is real), an empty batch, and leaving the inputs unchanged",
        "test_predict_ratings": _E + "other table sizes and means, a single rating and none, float64 "
                                     "tables with a mean that float32 cannot hold exactly, leaving the "
                                     "inputs unchanged, and keeping the predictions differentiable",
        "test_recommend_unrated": _E + "users who rated all items but one or all of them, k = 0 and k "
                                       "above the number of items, a user asked for twice, scores that "
                                       "are all negative (a rated item must not come back), exact ties "
                                       "(smaller id first), float64 tables, and leaving the inputs unchanged",
        "test_ConcatMLP": _E + "a large number of levels, whether the numeric features reach the output, "
                               "which embedding rows get gradient (level 0 too) and how much when a "
                               "level occurs twice, leaving the inputs and the parameters unchanged by "
                               "the forward pass, and a batch of one",
    },
    "08-beyond-word-vectors": {
        "test_char_ngrams": _E + "the default lengths (all the shortest pieces first), words shorter than "
                                 "the longest piece (the marked word itself when it fits), repeated "
                                 "pieces (keep them all), single-character pieces, and letters beyond ASCII",
        "test_exact_topk": _E + "rows of very different lengths (cosine, not dot product), float64 inputs, "
                                "k equal to the number of rows, a row of zeros (never nan), more queries "
                                "than rows, and leaving the inputs unchanged",
        "test_ivf_search": _E + "other values of k and nprobe (also every list), an empty list, lists whose "
                                "rows are spread over the table (return the table's row numbers), fewer "
                                "scored rows than k (-1 in the rest), and leaving the inputs unchanged",
        "test_sinusoidal_positions": _E + "every column of other sizes (the exponent 2i/dim, the base 10000, "
                                          "sines and cosines interleaved), far positions, zero positions, "
                                          "and odd dimensions (ValueError)",
        "test_self_attention": _E + "a key size d_k different from the input size (the scale), float64 "
                                    "inputs, values sitting in the padding, a batch without padding, and "
                                    "leaving the inputs unchanged",
    },
}


def hint_for(lesson: str, grade_id: str) -> str:
    """The hint for test cell ``grade_id`` of ``lesson`` (its folder name), or :data:`DEFAULT_HINT`."""
    return HINTS.get(lesson, {}).get(grade_id, DEFAULT_HINT)
