"""A peer for bin/bench-server: the shipped model in PyTorch eager, in Python, on one thread.

It reads the server's own files itself (server/src/main/resources/model/gpt.bin, tokenizer.bin and tools.txt,
formats in network/WeightsFile.java and network/BpeTokenizer.java), builds the same GPT-2 style
network as network/Gpt.java (pre-norm blocks, LayerNorm eps 1e-5, exact erf GELU, learned positions,
output head tied to the token embedding, weights [out, in] as nn.Linear), and decodes greedily with
a KV cache, in-process, as a plain PyTorch user would write it: per step one batched forward pass of
every stream's next token, keys and values written into a preallocated cache by index, attention
over the longest stream's positions with a mask for the shorter ones. No HTTP, no server, no Java.

    /usr/bin/python3 bench/peer/torch_peer.py WEIGHTS TOKENIZER --prompts-file F [--tokens 128]
        [--streams 1,8,32] [--runs 5] [--parity]

Prints, one line each, for ServingBench to read:
    parity <i> <prompt tokens> <min top-1 minus top-2 logit> <token ids, comma-separated> <text as JSON>
    level <streams> <median tok/s> <min> <max> <median decode-only tok/s> <each run's tok/s, comma-separated>
Replies are --tokens long: the markers (256-261) are never chosen, as the server's ignore_eos.
"""
import os

# one thread, BLAS included: Debian's torch calls the system's BLAS (libblas.so.3: OpenBLAS once
# libopenblas0-pthread is installed, which bin/bench-server does), which reads this when it loads
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import argparse
import json
import re
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

BEGIN_USER, BEGIN_ASSISTANT, END_OF_TURN, BEGIN_TOOLS, FIRST_MERGE = 256, 257, 258, 259, 262
EPSILON = 1e-5


def read_weights(path):
    data = open(path, "rb").read()
    magic, version, width, vocab, context, layers, heads, d_model = struct.unpack_from("<4s7i", data, 0)
    if magic != b"HCGP" or version != 1 or width not in (2, 4):
        raise ValueError(f"{path}: not a version 1 weights file")
    c = d_model
    shapes = [("token_embedding", (vocab, c)), ("position_embedding", (context, c))]
    for i in range(layers):
        b = f"blocks.{i}."
        shapes += [(b + "norm1.gain", (c,)), (b + "norm1.bias", (c,)),
                   (b + "attention.qkv.weight", (3 * c, c)), (b + "attention.qkv.bias", (3 * c,)),
                   (b + "attention.out.weight", (c, c)), (b + "attention.out.bias", (c,)),
                   (b + "norm2.gain", (c,)), (b + "norm2.bias", (c,)),
                   (b + "mlp.up.weight", (4 * c, c)), (b + "mlp.up.bias", (4 * c,)),
                   (b + "mlp.down.weight", (c, 4 * c)), (b + "mlp.down.bias", (c,))]
    shapes += [("final_norm.gain", (c,)), ("final_norm.bias", (c,))]
    dtype = "<f2" if width == 2 else "<f4"
    offset, tensors = 32, {}
    for name, shape in shapes:
        count = int(np.prod(shape))
        values = np.frombuffer(data, dtype=dtype, count=count, offset=offset).astype(np.float32)
        tensors[name] = torch.from_numpy(values.reshape(shape).copy())
        offset += count * width
    if offset != len(data):
        raise ValueError(f"{path}: {len(data)} bytes, the header's shapes need {offset}")
    return dict(vocab=vocab, context=context, layers=layers, heads=heads, d_model=d_model), tensors


class Tokenizer:
    """Byte-level BPE as BpeTokenizer: the same chunks, merges applied lowest rank first."""
    # Java's \p{L} and \p{N}, written with Python's re; the same for the ASCII prompts used here
    CHUNK = re.compile(r"'(?:s|t|re|ve|m|ll|d)| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")

    def __init__(self, path):
        data = open(path, "rb").read()
        magic, version, count = struct.unpack_from("<4s2i", data, 0)
        if magic != b"HCBP" or version != 2 or len(data) != 12 + 4 * count:
            raise ValueError(f"{path}: not a version 2 tokenizer file")
        pairs = struct.unpack_from(f"<{2 * count}H", data, 12)
        self.ranks = {(pairs[2 * r], pairs[2 * r + 1]): r for r in range(count)}
        self.bytes = [bytes([b]) for b in range(256)] + [b""] * (FIRST_MERGE - BEGIN_USER)
        for r in range(count):
            self.bytes.append(self.bytes[pairs[2 * r]] + self.bytes[pairs[2 * r + 1]])

    def encode(self, text):
        tokens = []
        for chunk in self.CHUNK.findall(text):
            symbols = list(chunk.encode("utf-8"))
            while len(symbols) > 1:
                ranked = [(self.ranks.get(pair, 1 << 30), i) for i, pair in enumerate(zip(symbols, symbols[1:]))]
                rank, i = min(ranked)
                if rank == 1 << 30:
                    break
                symbols[i:i + 2] = [FIRST_MERGE + rank]
            tokens += symbols
        return tokens

    def decode(self, tokens):
        return b"".join(self.bytes[t] for t in tokens).decode("utf-8", errors="replace")


class Gpt:
    def __init__(self, config, t):
        self.c, self.h, self.layers = config["d_model"], config["heads"], config["layers"]
        self.d = self.c // self.h
        self.context = config["context"]
        self.scale = 1.0 / (self.d ** 0.5)
        self.wte, self.wpe = t["token_embedding"], t["position_embedding"]
        self.blocks = [[t[f"blocks.{i}.{n}"] for n in (
            "norm1.gain", "norm1.bias", "attention.qkv.weight", "attention.qkv.bias", "attention.out.weight",
            "attention.out.bias", "norm2.gain", "norm2.bias", "mlp.up.weight", "mlp.up.bias",
            "mlp.down.weight", "mlp.down.bias")] for i in range(self.layers)]
        self.final = (t["final_norm.gain"], t["final_norm.bias"])

    def new_cache(self, rows):
        shape = (rows, self.h, self.context, self.d)
        return [(torch.zeros(shape), torch.zeros(shape)) for _ in range(self.layers)]

    def _mlp_and_out(self, x, y, blk):
        x = x + F.linear(y, blk[4], blk[5])
        hidden = F.gelu(F.linear(F.layer_norm(x, (self.c,), blk[6], blk[7], EPSILON), blk[8], blk[9]))
        return x + F.linear(hidden, blk[10], blk[11])

    def _head(self, x):
        return F.linear(F.layer_norm(x, (self.c,), self.final[0], self.final[1], EPSILON), self.wte)

    def prefill(self, ids, cache, row):
        """A prompt into row `row` of the cache; the logits [V] after its last token."""
        t = len(ids)
        x = self.wte[torch.tensor(ids)] + self.wpe[:t]                                  # [T, C]
        mask = torch.full((t, t), float("-inf")).triu(1)
        for blk, (kc, vc) in zip(self.blocks, cache):
            qkv = F.linear(F.layer_norm(x, (self.c,), blk[0], blk[1], EPSILON), blk[2], blk[3])
            q, k, v = qkv.view(t, 3, self.h, self.d).permute(1, 2, 0, 3)               # 3 x [H, T, D]
            kc[row, :, :t] = k
            vc[row, :, :t] = v
            att = ((q * self.scale) @ k.transpose(-2, -1) + mask).softmax(-1) @ v       # [H, T, D]
            x = self._mlp_and_out(x, att.transpose(0, 1).reshape(t, self.c), blk)
        return self._head(x[-1])

    def decode(self, tokens, positions, cache):
        """One step of B streams: tokens[b] at positions[b]; the logits [B, V] after them."""
        b = len(tokens)
        pos = torch.tensor(positions)
        rows = torch.arange(b)
        s = max(positions) + 1
        x = self.wte[torch.tensor(tokens)] + self.wpe[pos]                              # [B, C]
        mask = None
        if min(positions) + 1 != s:
            mask = torch.where(torch.arange(s)[None, :] > pos[:, None], float("-inf"), 0.0).view(b, 1, 1, s)
        for blk, (kc, vc) in zip(self.blocks, cache):
            qkv = F.linear(F.layer_norm(x, (self.c,), blk[0], blk[1], EPSILON), blk[2], blk[3])
            q, k, v = qkv.view(b, 3, self.h, self.d).unbind(1)                         # 3 x [B, H, D]
            kc[rows, :, pos] = k
            vc[rows, :, pos] = v
            scores = (q * self.scale).unsqueeze(2) @ kc[:b, :, :s].transpose(-2, -1)   # [B, H, 1, S]
            if mask is not None:
                scores = scores + mask
            y = (scores.softmax(-1) @ vc[:b, :, :s]).reshape(b, self.c)                # [B, C]
            x = self._mlp_and_out(x, y, blk)
        return self._head(x)


def greedy(logits):
    logits[..., BEGIN_USER:FIRST_MERGE] = float("-inf")  # ignore_eos: the turn markers are never chosen
    return logits.argmax(-1)


def generate(model, prompts, tokens):
    """Greedy replies of `tokens` tokens to every prompt at once; the replies, the seconds after the first tokens."""
    cache = model.new_cache(len(prompts))
    first = [int(greedy(model.prefill(p, cache, row))) for row, p in enumerate(prompts)]
    replies = [[t] for t in first]
    positions = [len(p) for p in prompts]
    start = time.perf_counter()
    for _ in range(tokens - 1):
        nxt = greedy(model.decode([r[-1] for r in replies], positions, cache)).tolist()
        for r, t in zip(replies, nxt):
            r.append(t)
        positions = [p + 1 for p in positions]
    return replies, time.perf_counter() - start


def prompt_tokens(tokenizer, tools, text):
    """ChatPrompt.forReply for a lone user message that fits: the tool list, then BEGIN_USER, text,
    END_OF_TURN, BEGIN_ASSISTANT."""
    return ([BEGIN_TOOLS] + tokenizer.encode(tools) + [END_OF_TURN, BEGIN_USER] + tokenizer.encode(text)
            + [END_OF_TURN, BEGIN_ASSISTANT])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("tokenizer")
    parser.add_argument("--prompts-file", required=True)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--streams", default="1,8,32")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parity", action="store_true")
    args = parser.parse_args()
    config, tensors = read_weights(args.weights)
    tokenizer = Tokenizer(args.tokenizer)
    model = Gpt(config, tensors)
    texts = [line for line in open(args.prompts_file, encoding="utf-8").read().splitlines() if line]
    tools = open(os.path.join(os.path.dirname(args.tokenizer), "tools.txt"), encoding="utf-8").read().strip()
    prompts = [prompt_tokens(tokenizer, tools, t) for t in texts]
    blas = next((line.split()[-1] for line in open("/proc/self/maps") if "libblas" in line), "?")
    print(f"peer: torch {torch.__version__}, {torch.get_num_threads()} thread, BLAS {blas}, python "
          f"{sys.version.split()[0]}, {config}", flush=True)
    with torch.inference_mode():
        generate(model, prompts[:2], 16)  # warm-up
        if args.parity:
            for i, p in enumerate(prompts):
                cache = model.new_cache(1)
                logits = model.prefill(p, cache, 0)
                reply, margins, position = [], [], len(p)
                for _ in range(args.tokens):
                    logits[BEGIN_USER:FIRST_MERGE] = float("-inf")
                    top = logits.topk(2).values
                    margins.append(float(top[0] - top[1]))
                    reply.append(int(logits.argmax()))
                    if len(reply) < args.tokens:
                        logits = model.decode([reply[-1]], [position], cache)[0]
                        position += 1
                print(f"parity {i} {len(p)} {min(margins):.6f} {','.join(map(str, reply))} "
                      f"{json.dumps(tokenizer.decode(reply))}", flush=True)
        for streams in (int(s) for s in args.streams.split(",")):
            batch = [prompts[i % len(prompts)] for i in range(streams)]
            rates, decode_rates = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                replies, decoding = generate(model, batch, args.tokens)
                rates.append(streams * args.tokens / (time.perf_counter() - start))
                decode_rates.append(streams * (args.tokens - 1) / decoding)
            print(f"level {streams} {statistics.median(rates):.1f} {min(rates):.1f} {max(rates):.1f} "
                  f"{statistics.median(decode_rates):.1f} {','.join(f'{r:.1f}' for r in rates)}", flush=True)


if __name__ == "__main__":
    main()
