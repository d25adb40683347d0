#!/usr/bin/env python3
"""The peer side of `BenchMain peer`: a bench workload's network in PyTorch, explained the way Zennit does it.

Zennit is not packaged for Debian, so its computation is written out here, one layer at a time, as Zennit's
`BasicHook` performs it: each linear layer's forward run again on modified inputs and parameters (one run per term of
the rule), then one autograd call with the output relevance divided by the stabilized denominator as the gradient,
then the inputs times the gradients summed. ReLU passes relevance through unchanged (Zennit's `Pass`), max pooling
routes it by its gradient, flattening reshapes it. The rules follow the conventions of `shared/reference/README.md`
(stabilizer z + eps * sign(z) with sign(0) = +1; biases as the peer's defaults use them), so the relevance equals
lrp4j's: `BenchMain peer` checks that before it trusts a single time.

The process reads one JSON command per line on stdin and answers one JSON line on stdout:

  {"cmd": "load", "dir": D}                    the network that BenchMain exported to D (model.json, *.npy)
  {"cmd": "relevance", "method": M, "input": X, "out": R}
                                               explains the rows of X.npy for their top class, writes R.npy
  {"cmd": "time", "method": M, "input": X, "seconds": S, "warm": W}
                                               times M on X for S seconds after W seconds of warm-up:
                                               {"median_ms": .., "calls": ..}

`torch_peer.py throughput MODEL_DIR IMAGES.npy BATCH OUT.npy` instead explains every row of IMAGES.npy with
epsilon-plus in batches and writes the relevance: the end-to-end comparison with `./lrp explain`.

Methods: output, gradient, epsilon, epsilon-plus, epsilon-gamma-box, epsilon-alpha2-beta1 (as BenchMethod).
Threads: torch takes OMP_NUM_THREADS, as ND4J does.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

STABILIZER = 1e-6


def stabilize(z, eps):
    """z + eps * sign(z), where sign(0) = +1."""
    return z + torch.where(z >= 0, eps, -eps)


class Layer:
    """One layer of the exported network: conv, dense, maxpool or flatten, with its activation."""

    def __init__(self, spec, folder):
        self.kind = spec["type"]
        self.relu = spec.get("activation") == "relu"
        self.stride = tuple(spec.get("stride", (1, 1)))
        self.padding = tuple(spec.get("padding", (0, 0)))
        self.kernel = tuple(spec.get("kernel", (1, 1)))
        if self.kind in ("conv", "dense"):
            w = np.load(os.path.join(folder, spec["W"]))
            # DL4J keeps a dense weight as [nIn, nOut]; torch's linear takes [nOut, nIn]. Conv layouts agree.
            self.w = torch.from_numpy(np.ascontiguousarray(w.T if self.kind == "dense" else w))
            self.b = torch.from_numpy(np.load(os.path.join(folder, spec["b"])).reshape(-1))

    def linear(self, x, w, b):
        if self.kind == "conv":
            return F.conv2d(x, w, b, self.stride, self.padding)
        return F.linear(x, w, b)

    def forward(self, x):
        if self.kind == "maxpool":
            return F.max_pool2d(x, self.kernel, self.stride)
        if self.kind == "flatten":
            return x.reshape(x.shape[0], -1)
        z = self.linear(x, self.w, self.b)
        return torch.relu(z) if self.relu else z


def proportional(layer, relevance, pairs, eps=STABILIZER, signs=None):
    """Relevance in proportion to the terms' contributions: each (input, weight, bias) of the rule runs the layer's
    linear map again (Zennit's modified forwards), one autograd call takes relevance / s(z) back through all of
    them, and the inputs times their gradients are summed, with the term's sign."""
    leaves = [xi.detach().requires_grad_() for xi, _, _ in pairs]
    outs = [layer.linear(leaf, w, b) for leaf, (_, w, b) in zip(leaves, pairs)]
    signs = signs or [1.0] * len(outs)
    z = sum(s * o for s, o in zip(signs, outs)).detach()
    grad = relevance / stabilize(z, eps)
    grads = torch.autograd.grad(outs, leaves, [grad] * len(outs))
    return sum(s * leaf.detach() * g for s, leaf, g in zip(signs, leaves, grads))


def zero(b):
    return torch.zeros_like(b)


def epsilon(layer, x, relevance, eps):
    return proportional(layer, relevance, [(x, layer.w, layer.b)], eps)


def z_plus(layer, x, relevance):
    w, b = layer.w, layer.b
    return proportional(layer, relevance, [(x.clamp(min=0), w.clamp(min=0), b.clamp(min=0)),
                                           (x.clamp(max=0), w.clamp(max=0), zero(b))])


def alpha_beta(layer, x, relevance, alpha, beta):
    w, b = layer.w, layer.b
    positive = proportional(layer, relevance, [(x.clamp(min=0), w.clamp(min=0), b.clamp(min=0)),
                                               (x.clamp(max=0), w.clamp(max=0), zero(b))])
    negative = proportional(layer, relevance, [(x.clamp(min=0), w.clamp(max=0), b.clamp(max=0)),
                                               (x.clamp(max=0), w.clamp(min=0), zero(b))])
    return alpha * positive - beta * negative


def gamma(layer, x, relevance, g):
    w, b = layer.w, layer.b
    up_w, down_w = w + g * w.clamp(min=0), w + g * w.clamp(max=0)
    up_b, down_b = b + g * b.clamp(min=0), b + g * b.clamp(max=0)
    z = layer.linear(x, w, b)
    positive = proportional(layer, relevance * (z > 0), [(x.clamp(min=0), up_w, up_b),
                                                         (x.clamp(max=0), down_w, zero(b))])
    negative = proportional(layer, relevance * (z < 0), [(x.clamp(min=0), down_w, down_b),
                                                         (x.clamp(max=0), up_w, zero(b))])
    return positive + negative


def z_box(layer, x, relevance, low, high):
    w, b = layer.w, layer.b
    return proportional(layer, relevance, [(x, w, b), (torch.full_like(x, low), w.clamp(min=0), b.clamp(min=0)),
                                           (torch.full_like(x, high), w.clamp(max=0), b.clamp(max=0))],
                        signs=[1.0, -1.0, -1.0])


def composite(method, layers):
    """The rule of each linear layer, as lrp4j's composite of that name assigns them."""
    first_conv = next((i for i, l in enumerate(layers) if l.kind == "conv"), None)
    rules = {}
    for i, layer in enumerate(layers):
        if layer.kind not in ("conv", "dense"):
            continue
        if method == "epsilon" or layer.kind == "dense":
            eps = 0.25 if method == "epsilon" else STABILIZER
            rules[i] = lambda l, x, r, eps=eps: epsilon(l, x, r, eps)
        elif method == "epsilon-plus":
            rules[i] = z_plus
        elif method == "epsilon-gamma-box":
            rules[i] = ((lambda l, x, r: z_box(l, x, r, 0.0, 1.0)) if i == first_conv
                        else (lambda l, x, r: gamma(l, x, r, 0.25)))
        elif method == "epsilon-alpha2-beta1":
            rules[i] = lambda l, x, r: alpha_beta(l, x, r, 2.0, 1.0)
        else:
            raise ValueError("unknown method " + method)
    return rules


class Net:
    def __init__(self, folder):
        with open(os.path.join(folder, "model.json")) as f:
            spec = json.load(f)
        self.layers = [Layer(s, folder) for s in spec["layers"]]
        self.rules = {}

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def gradient(self, x):
        x = x.detach().requires_grad_()
        logits = self.forward(x)
        onehot = F.one_hot(logits.argmax(1), logits.shape[1]).to(logits.dtype)
        return torch.autograd.grad(logits, x, onehot)[0]

    def lrp(self, x, method):
        rules = self.rules.setdefault(method, composite(method, self.layers))
        inputs = []
        with torch.no_grad():
            for layer in self.layers:
                inputs.append(x)
                x = layer.forward(x)
        relevance = x * F.one_hot(x.argmax(1), x.shape[1]).to(x.dtype)
        for i in reversed(range(len(self.layers))):
            layer, a = self.layers[i], inputs[i]
            if layer.kind == "flatten":
                relevance = relevance.reshape(a.shape)
            elif layer.kind == "maxpool":
                leaf = a.detach().requires_grad_()
                relevance = torch.autograd.grad(layer.forward(leaf), leaf, relevance)[0]
            else:
                relevance = rules[i](layer, a, relevance)
        return relevance

    def run(self, method, x):
        if method == "output":
            with torch.no_grad():
                return self.forward(x)
        if method == "gradient":
            return self.gradient(x)
        return self.lrp(x, method)


def timed(net, method, x, seconds, warm):
    end = time.perf_counter() + warm
    while time.perf_counter() < end:
        net.run(method, x)
    calls = []
    end = time.perf_counter() + seconds
    while not calls or time.perf_counter() < end:
        start = time.perf_counter()
        net.run(method, x)
        calls.append((time.perf_counter() - start) * 1e3)
    return {"median_ms": float(np.median(calls)), "calls": len(calls)}


def serve():
    net = None
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "load":
            net = Net(cmd["dir"])
            reply = {"threads": torch.get_num_threads()}
        elif cmd["cmd"] == "relevance":
            x = torch.from_numpy(np.load(cmd["input"]))
            np.save(cmd["out"], net.run(cmd["method"], x).detach().numpy())
            reply = {"ok": True}
        elif cmd["cmd"] == "time":
            x = torch.from_numpy(np.load(cmd["input"]))
            reply = timed(net, cmd["method"], x, cmd["seconds"], cmd["warm"])
        else:
            reply = {"error": "unknown command " + cmd["cmd"]}
        print(json.dumps(reply), flush=True)


def throughput(folder, images, batch, out):
    net = Net(folder)
    x = torch.from_numpy(np.load(images))
    start = time.perf_counter()
    parts = [net.run("epsilon-plus", x[i:i + batch]).detach() for i in range(0, x.shape[0], batch)]
    np.save(out, torch.cat(parts).numpy())
    print(json.dumps({"rows": x.shape[0], "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    torch.set_grad_enabled(True)
    if len(sys.argv) > 1 and sys.argv[1] == "throughput":
        throughput(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        serve()
