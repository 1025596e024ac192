"""embedlab.crossing: only plain data crosses between the learner's kernel and the judge, decoded safely."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import torch

from embedlab.crossing import MAX_DEPTH, CrossingError, KernelObject, decode, encode


@pytest.mark.parametrize("dtype", [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
                                   torch.float16, torch.bfloat16, torch.float32, torch.float64,
                                   torch.complex64])
def test_tensors_come_back_exact_with_their_dtype_and_bits(dtype: torch.dtype) -> None:
    t = (torch.arange(12) % 5 - 2).reshape(3, 4).to(dtype)     # (3, 4)
    back = decode(encode(t))
    assert type(back) is torch.Tensor and back.dtype == dtype and back.shape == (3, 4)
    assert torch.equal(back, t)


def test_strides_views_and_shared_storage_survive() -> None:
    base = torch.arange(24.0).reshape(4, 6)                    # (4, 6)
    view = base[1:, ::2].T                                     # (3, 3), strided, offset
    a, v = decode(encode([base, view]))
    assert v.stride() == view.stride() and v.storage_offset() == view.storage_offset()
    assert torch.equal(v, view)
    a[1, 0] = -1.0                                             # one storage again: the view sees it
    assert v[0, 0].item() == -1.0


def test_nan_inf_empty_and_zero_dim() -> None:
    t = torch.tensor([float("nan"), float("inf"), -float("inf")], dtype=torch.float64)
    back = decode(encode(t))
    assert torch.isnan(back[0]) and back[1:].tolist() == [float("inf"), -float("inf")]
    assert decode(encode(torch.zeros(2, 0, 3))).shape == (2, 0, 3)
    assert decode(encode(torch.tensor(2.5))).item() == 2.5


def test_gradients_and_requires_grad_cross() -> None:
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * 3).sum().backward()
    back = decode(encode(w))
    assert back.requires_grad and back.grad.tolist() == [3.0, 3.0]
    p = torch.nn.Parameter(torch.ones(2))
    assert type(decode(encode(p))) is torch.Tensor and decode(encode(p)).requires_grad


def test_plain_python_and_numpy_keep_their_types() -> None:
    value = {"a": [1, 2.5, True, None, "s"], 3: (b"\x00\xff", ()), "np": np.float32(0.5),
             "arr": np.arange(6, dtype=np.int16).reshape(2, 3)}
    back = decode(encode(value))
    assert back["a"] == [1, 2.5, True, None, "s"] and type(back["a"][2]) is bool
    assert back[3] == (b"\x00\xff", ()) and type(back[3]) is tuple
    assert type(back["np"]) is np.float32 and back["np"] == 0.5
    assert back["arr"].dtype == np.int16 and back["arr"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_what_cannot_cross_stays_behind_a_handle() -> None:
    class Liar(float):
        def __eq__(self, other: object) -> bool:
            return True

    kept: list[object] = []

    def keep(obj: object) -> int:
        kept.append(obj)
        return len(kept)

    back = decode(encode([Liar(3.0), torch.nn.Linear(2, 2), len], keep))
    assert all(type(b) is KernelObject for b in back)
    assert [b.type.rsplit(".", 1)[-1] for b in back] == ["Liar", "Linear", "builtin_function_or_method"]
    assert back[0].base == "float" and back[0] != 3.0
    with pytest.raises(CrossingError, match="cannot cross"):
        encode(torch.nn.Linear(2, 2))                          # without keep, nothing is kept
    with pytest.raises(TypeError):
        back[1]()                                              # an inert handle does nothing


@pytest.mark.parametrize("message, why", [
    ('{"$T": {"dtype": "object", "shape": [1], "stride": [1], "offset": 0, "data": "", "sid": 0}}', "dtype"),
    ('{"$T": {"dtype": "float32", "shape": [3], "stride": [1], "offset": 0, "data": "AAAAAA==", "sid": 0}}',
     "wrong length|past its data"),
    ('{"$T": {"dtype": "float32", "shape": [2], "stride": [5], "offset": 0, "data": "AAAAAAAAAAA=", '
     '"sid": 0}}',
     "past its data"),
    ('{"$T": {"dtype": "float32", "shape": [-1], "stride": [1], "offset": 0, "data": "", "sid": 0}}',
     "shape"),
    ('{"$T": {"dtype": "float32", "shape": [1], "stride": [1], "offset": 0, "storage": 7}}',
     "unknown storage"),
    ('{"$pickle": "gASV"}', "unknown tag"),
    ('{"$b": "not base64!"}', "malformed message"),
    ('{"$d": [[[1], 2]]}', "malformed dict"),
    ('{"$A": {"dtype": "object", "shape": [1], "data": ""}}', "unknown dtype"),
    ("not json", "not JSON"),
])
def test_malformed_messages_are_refused(message: str, why: str) -> None:
    with pytest.raises(CrossingError, match=why):
        decode(message)


def test_deep_nesting_and_huge_messages_are_refused() -> None:
    deep = "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10)
    with pytest.raises(CrossingError, match="deep"):
        decode(deep)
    nested: list = []
    for _ in range(MAX_DEPTH + 2):
        nested = [nested]
    with pytest.raises(CrossingError, match="deep"):
        encode(nested)
    spec = {"$T": {"dtype": "uint8", "shape": [1], "stride": [1], "offset": 0, "sid": 0,
                   "data": base64.b64encode(b"\x01").decode()}}
    assert decode(json.dumps(spec)).tolist() == [1]
