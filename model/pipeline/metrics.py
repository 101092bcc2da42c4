"""Ranking and alerting metrics over one evaluation set."""

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from .dataset import Dataset

# The Fraud Detection Handbook's scenarios (amounts over a threshold,
# compromised terminals, compromised customers with inflated amounts): its
# XGBoost baseline is measured on data holding only these.
HANDBOOK_SCENARIOS = ("amount_outlier", "compromised_merchant", "account_takeover")
# Frauds that show in a 10-minute window once the card has an earlier transaction in it.
BURST_SCENARIOS = ("card_testing", "impossible_travel")


def ranking(part: Dataset, scores: np.ndarray) -> dict:
    return {
        "rocAuc": float(roc_auc_score(part.is_fraud, scores)),
        "averagePrecision": float(average_precision_score(part.is_fraud, scores)),
        "transactions": len(scores),
        "frauds": int(part.is_fraud.sum()),
    }


def card_precision_at_k(part: Dataset, scores: np.ndarray, k: int) -> dict:
    """
    The handbook's card precision top-k: each day, every card scores the
    highest score of its transactions that day; of the k cards with the
    highest scores, the share that had a fraud that day. Cards found
    compromised (in the top k with a fraud) on an earlier day of the period are
    left out, as an investigator would have blocked them. Ties in score are
    broken by card token, so the figure is deterministic.
    """
    detected: set[str] = set()
    per_day = []
    for day in np.unique(part.days):
        on_day = part.days == day
        best: dict[str, tuple[float, int]] = {}
        for card, score, fraud in zip(part.cards[on_day], scores[on_day], part.is_fraud[on_day], strict=True):
            if card in detected:
                continue
            previous = best.get(card)
            best[card] = (
                (max(previous[0], float(score)), max(previous[1], int(fraud)))
                if previous
                else (float(score), int(fraud))
            )
        top = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:k]
        compromised = [card for card, (_, fraud) in top if fraud == 1]
        detected.update(compromised)
        per_day.append(len(compromised) / k)
    return {"k": k, "mean": float(np.mean(per_day)), "perDay": [round(value, 4) for value in per_day]}


def at_threshold(part: Dataset, scores: np.ndarray, threshold: float) -> dict:
    """
    Alerting at `score >= threshold`: overall precision and recall, and per
    scenario its recall and its precision against genuine transactions
    (flagged frauds of the scenario over those plus every flagged genuine
    one: the precision alerts would have if it were the only fraud).
    """
    flagged = scores >= threshold
    fraud = part.is_fraud == 1
    legit_flagged = int((flagged & ~fraud).sum())
    per_scenario = {}
    for scenario in sorted(set(part.scenarios) - {"legit"}):
        of_scenario = part.scenarios == scenario
        caught = int((flagged & of_scenario).sum())
        per_scenario[scenario] = {
            "transactions": int(of_scenario.sum()),
            "flagged": caught,
            "recall": caught / int(of_scenario.sum()),
            "precisionVsLegit": caught / (caught + legit_flagged) if caught + legit_flagged else 0.0,
        }
    burst = np.isin(part.scenarios, BURST_SCENARIOS) & part.has_earlier
    return {
        "threshold": threshold,
        "flagged": int(flagged.sum()),
        "precision": float((flagged & fraud).sum() / flagged.sum()) if flagged.any() else 0.0,
        "recall": float((flagged & fraud).sum() / fraud.sum()),
        "legitFlagged": legit_flagged,
        "burstWithEarlierRecall": float((flagged & burst).sum() / burst.sum()),
        "burstWithEarlierTransactions": int(burst.sum()),
        "perScenario": per_scenario,
    }
