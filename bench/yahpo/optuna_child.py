"""Optuna 3.1 behind a JSON-lines pipe, for bench:yahpo's comparison (never needed by npm test).

One study per process. The Node simulator drives it with Optuna's ask/tell interface, as Optuna's
own distributed mode behaves: several trials in flight, each asked when a simulated worker is free.
Requests (one JSON object per line): {"op": "ask"} -> {"id", "params"};
{"op": "report", "id", "step", "value"} -> {"prune": bool};
{"op": "tell", "id", "value" | "pruned": true} -> {}.
argv: method seed.
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
method, seed = sys.argv[1], int(sys.argv[2])
samplers = {
    "tpe": lambda: optuna.samplers.TPESampler(seed=seed),
    "random": lambda: optuna.samplers.RandomSampler(seed=seed),
}
pruners = {
    "hyperband": lambda: optuna.pruners.HyperbandPruner(min_resource=1, max_resource=52, reduction_factor=3),
    "sha": lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
    "none": lambda: optuna.pruners.NopPruner(),
}
sampler_name, pruner_name = method.split("+")
study = optuna.create_study(direction="maximize", sampler=samplers[sampler_name](), pruner=pruners[pruner_name]())
trials = {}
for line in sys.stdin:
    req = json.loads(line)
    op = req["op"]
    if op == "ask":
        t = study.ask()
        params = {
            "batch_size": t.suggest_int("batch_size", 16, 512, log=True),
            "learning_rate": t.suggest_float("learning_rate", 1e-4, 0.1, log=True),
            "momentum": t.suggest_float("momentum", 0.1, 0.99),
            "weight_decay": t.suggest_float("weight_decay", 1e-5, 0.1),
            "num_layers": t.suggest_int("num_layers", 1, 5),
            "max_units": t.suggest_int("max_units", 64, 1024, log=True),
            "max_dropout": t.suggest_float("max_dropout", 0.0, 1.0),
        }
        trials[t.number] = t
        out = {"id": t.number, "params": params}
    elif op == "report":
        t = trials[req["id"]]
        t.report(req["value"], req["step"])
        out = {"prune": bool(t.should_prune())}
    elif op == "tell":
        t = trials.pop(req["id"])
        if req.get("pruned"):
            study.tell(t, state=optuna.trial.TrialState.PRUNED)
        else:
            study.tell(t, req["value"])
        out = {}
    else:
        raise ValueError(f"unknown op {op}")
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
