"""harness/train/evaluate.ts: answer accuracy (argmax over the whole vocabulary at <predict>) and
answer cross-entropy per length on the seed's evaluation set."""
import torch

from .task import Batch


@torch.no_grad()
def answer_stats(model, group, K, problems, device, chunk=512):
    correct, loss = 0, 0.0
    for start in range(0, len(problems), chunk):
        b = Batch(group, K, problems[start:start + chunk])
        logp = torch.log_softmax(model(b.inputs.to(device)), dim=-1)  # [B, T, V]
        at = logp[torch.arange(b.size, device=device), (2 * b.ks + 2).to(device)]  # [B, V] at <predict>
        answers = b.answers.to(device)
        correct += int((at.argmax(dim=-1) == answers).sum())
        loss -= float(at.gather(1, answers[:, None]).double().sum())
    n = len(problems)
    return correct, n, (loss / n if n else float("nan"))


def evaluate(model, group, K, eval_set, device):
    """EvalResult: answerAccuracy and answerLossNats on held-out length K, trainAccuracy, perK."""
    was = model.training
    model.eval()
    per_k = []
    for i, problems in enumerate(eval_set.problems_by_k):
        c, n, loss = answer_stats(model, group, K, problems, device)
        per_k.append({"k": i + 1, "accuracy": c / n, "n": n, "heldOut": (i + 1) in eval_set.held_out_lengths, "lossNats": loss})
    c, n, _ = answer_stats(model, group, K, eval_set.train_problems, device)
    model.train(was)
    last = per_k[K - 1]
    return {
        "answerAccuracy": last["accuracy"],
        "answerLossNats": last["lossNats"],
        "trainAccuracy": c / n,
        "perK": [{key: p[key] for key in ("k", "accuracy", "n", "heldOut")} for p in per_k],
    }
