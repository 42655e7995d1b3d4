#!/usr/bin/env python3
"""A client for the symx JSON stdio server (`symx serve`), using only the standard library.

symx runs as a subprocess; requests and replies are JSON objects, one per line
(the protocol is documented in packages/cli/README.md). Typical use from a GP loop:

    from symx_client import SymxClient

    with SymxClient() as symx:
        symx.vocabulary({"add": "add", "mul": "mul", "sin": "sin",
                         "protectedDiv": {"protected": "div"}})
        symx.load_dataset("train", {"x": xs, "y": ys}, target="y")
        losses = symx.loss([str(ind) for ind in population], "train")   # one MSE each

The server command is `symx serve` unless given (`SymxClient(command=[...])`) or set in the
environment: SYMX_COMMAND (a shell-style string) or SYMX_COMMAND_JSON (a JSON array).

Run this file to see a tiny symbolic-regression demo: python3 symx_client.py
"""

import array
import base64
import json
import math
import os
import random
import shlex
import subprocess
import sys


class SymxError(Exception):
    """An error reply: `code` (e.g. 'bad_expression'), `message`, and the other fields in `data`
    (`position` of a bad expression, `index` in a batch, `row`/`column` of bad data...)."""

    def __init__(self, error):
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.code = error.get("code")
        self.message = error.get("message")
        self.data = error


def _default_command():
    if os.environ.get("SYMX_COMMAND_JSON"):
        return json.loads(os.environ["SYMX_COMMAND_JSON"]) + ["serve"]
    if os.environ.get("SYMX_COMMAND"):
        return shlex.split(os.environ["SYMX_COMMAND"]) + ["serve"]
    return ["symx", "serve"]


def _column(values):
    """A column as little-endian float64 bytes in base64 (exact, and NaN/inf are fine)."""
    a = array.array("d", (float(v) for v in values))
    if sys.byteorder != "little":
        a.byteswap()
    return {"base64": base64.b64encode(a.tobytes()).decode("ascii")}


def _vector(b64):
    a = array.array("d")
    a.frombytes(base64.b64decode(b64))
    if sys.byteorder != "little":
        a.byteswap()
    return a


class SymxClient:
    """One symx server process; one request at a time."""

    def __init__(self, command=None, cwd=None):
        self._proc = subprocess.Popen(
            command or _default_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._next_id = 0

    def call(self, method, **params):
        """Sends one request and returns its `result`; raises SymxError for an error reply."""
        self._next_id += 1
        request = {"id": self._next_id, "method": method, "params": params}
        self._proc.stdin.write(json.dumps(request, allow_nan=False) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the symx server exited (code {self._proc.poll()})")
        reply = json.loads(line)
        if reply.get("id") != self._next_id:
            raise RuntimeError(f"reply id {reply.get('id')} does not match request id {self._next_id}")
        if "error" in reply:
            raise SymxError(reply["error"])
        return reply["result"]

    # -- conveniences --------------------------------------------------------------------------

    def vocabulary(self, operators, syntax=None):
        params = {"operators": operators}
        if syntax:
            params["syntax"] = syntax
        return self.call("vocabulary", **params)

    def load_dataset(self, name, columns, target=None):
        params = {"name": name, "columns": {k: _column(v) for k, v in columns.items()}}
        if target is not None:
            params["target"] = target
        return self.call("load_dataset", **params)

    def loss(self, exprs, dataset, kind="mse", dedup="batch"):
        """One loss per expression (None where the expression is not finite on the data)."""
        return self.call("loss", exprs=list(exprs), dataset=dataset, kind=kind, dedup=dedup)["results"]

    def evaluate(self, exprs, dataset):
        """One prediction vector (array of float) per expression."""
        r = self.call("evaluate", exprs=list(exprs), dataset=dataset, encoding="base64")
        return [_vector(v) for v in r["results"]]

    def simplify(self, expr, **options):
        return self.call("simplify", expr=expr, **options)["result"]

    def diff(self, expr, wrt, **options):
        return self.call("diff", expr=expr, wrt=wrt, **options)["result"]

    def fit(self, exprs, dataset, **options):
        return self.call("fit", exprs=list(exprs), dataset=dataset, **options)["results"]

    def close(self):
        if self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=30)
        self._proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- demo: a tiny genetic-programming loop scored by symx --------------------------------------

OPERATORS = {"add": 2, "sub": 2, "mul": 2, "protectedDiv": 2, "sin": 1, "cos": 1}
VOCABULARY = {
    "add": "add",
    "sub": "sub",
    "mul": "mul",
    "sin": "sin",
    "cos": "cos",
    "protectedDiv": {"protected": "div"},  # DEAP's: b == 0 ? 1 : a / b
}


def random_tree(rng, depth):
    """A tree: a terminal (a string) or a tuple (operator, child, ...)."""
    if depth == 0 or rng.random() < 0.3:
        return "x" if rng.random() < 0.7 else repr(round(rng.uniform(-2, 2), 3))
    name = rng.choice(list(OPERATORS))
    return (name,) + tuple(random_tree(rng, depth - 1) for _ in range(OPERATORS[name]))


def to_text(tree):
    """The tree as GP frameworks print it: add(mul(x, x), sin(-0.107))."""
    if isinstance(tree, str):
        return tree
    return f"{tree[0]}({', '.join(to_text(c) for c in tree[1:])})"


def paths(tree, path=()):
    yield path
    if not isinstance(tree, str):
        for i, c in enumerate(tree[1:], 1):
            yield from paths(c, path + (i,))


def get(tree, path):
    for i in path:
        tree = tree[i]
    return tree


def replace(tree, path, new):
    if not path:
        return new
    i = path[0]
    return tree[:i] + (replace(tree[i], path[1:], new),) + tree[i + 1 :]


def size(tree):
    return 1 if isinstance(tree, str) else 1 + sum(size(c) for c in tree[1:])


def demo(generations=20, population=400, seed=1):
    rng = random.Random(seed)
    xs = [i / 25 - 2 for i in range(101)]
    ys = [x * x + math.sin(x) for x in xs]  # the formula to find
    with SymxClient() as symx:
        symx.vocabulary(VOCABULARY)
        symx.load_dataset("train", {"x": xs, "y": ys}, target="y")
        pop = [random_tree(rng, rng.randint(1, 4)) for _ in range(population)]
        best = (math.inf, None)
        for gen in range(generations):
            texts = [to_text(t) for t in pop]
            # one request scores the whole population; repeated candidates are scored once
            losses = symx.loss(texts, "train", dedup="dataset")
            fitness = [l if l is not None else math.inf for l in losses]
            for f, t in zip(fitness, pop):
                if f < best[0]:
                    best = (f, t)
            print(f"generation {gen:2d}: best mse {best[0]:.6g}  {to_text(best[1])}")
            if best[0] == 0:
                break

            def select():
                i, j = rng.randrange(population), rng.randrange(population)
                return pop[i] if fitness[i] <= fitness[j] else pop[j]

            children = [best[1]]
            while len(children) < population:
                a = select()
                if rng.random() < 0.7:  # crossover: a subtree of another parent
                    b = select()
                    child = replace(a, rng.choice(list(paths(a))), get(b, rng.choice(list(paths(b)))))
                else:  # mutation: a fresh random subtree
                    child = replace(a, rng.choice(list(paths(a))), random_tree(rng, 2))
                children.append(child if size(child) <= 40 else a)
            pop = children
        text = to_text(best[1])
        print("simplified:", symx.simplify(text, format="infix"))
        try:
            fitted = symx.fit([text], "train")[0]
            print("constants fitted:", fitted["expr"], "mse", fitted["loss_after"])
        except SymxError as e:
            print("constant fitting unavailable:", e)
        return best


def self_test():
    """Checks the client against a running server (used by symx's test suite)."""
    with SymxClient() as symx:
        assert symx.simplify("x*y*x/(x*y)") == "x"
        symx.vocabulary(VOCABULARY)
        assert symx.diff("mul(x, sin(x))", "x") == "add(mul(x, cos(x)), sin(x))", symx.diff("mul(x, sin(x))", "x")
        symx.load_dataset("d", {"x": [0.0, 1.0, 2.0, 3.0], "y": [1.0, 2.0, 5.0, 10.0]}, target="y")
        losses = symx.loss(["add(mul(x, x), 1)", "x", "protectedDiv(x, sub(x, x))", "add(mul(x, x), 1)"], "d")
        assert losses == [0.0, 15.0, 24.5, 0.0], losses
        values = symx.evaluate(["protectedDiv(1, x)"], "d")[0]
        assert list(values) == [1.0, 1.0, 0.5, 1.0 / 3.0], list(values)
        assert symx.loss(["mul(x, 1.5e-05)"], "d")[0] is not None
        try:
            symx.loss(["add(x, )"], "d")
            raise AssertionError("expected an error")
        except SymxError as e:
            assert e.code == "bad_expression" and e.data["position"] == 7 and e.data["index"] == 0, e.data
        try:
            symx.call("no_such_method")
            raise AssertionError("expected an error")
        except SymxError as e:
            assert e.code == "unknown_method", e.data
        # the server is still there after errors
        assert symx.simplify("add(x, 0)") == "x"
    print("self-test passed")


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        self_test()
    else:
        demo()
