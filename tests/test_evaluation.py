"""B-cubed scoring of events (newsfacts.evaluation.bcubed and the pairs score_article collects)."""

from __future__ import annotations

import pytest
from newsfacts.evaluation import Evaluation, bcubed, score_article


def test_a_perfect_clustering_scores_one() -> None:
    score = bcubed([("visit", "e1"), ("visit", "e1"), ("talks", "e2")])
    assert (score.mentions, score.precision, score.recall, score.f1) == (3, 1.0, 1.0, 1.0)


def test_merging_two_events_costs_precision_and_splitting_one_costs_recall() -> None:
    merged = bcubed([("visit", "e1"), ("visit", "e1"), ("talks", "e1")])
    assert merged.recall == 1.0
    assert merged.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    split = bcubed([("visit", "e1"), ("visit", "e2"), ("talks", "e3")])
    assert split.precision == 1.0
    assert split.recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)


def test_no_mentions_scores_one() -> None:
    assert bcubed([]).f1 == 1.0


def test_matched_gold_meetings_pair_their_event_with_the_predicted_one() -> None:
    gold = {"id": "a1", "people": [], "meetings": [
        {"type": "state_visit", "start_date": "2025-08-10", "participants": ["To Lam"], "event": "to-lam-rok-2025"},
        {"type": "talks", "start_date": None, "participants": ["Lee Jae Myung"], "event": "to-lam-lee-talks"}]}
    predictions = {"people": {}, "agreements": {}, "targets": {}, "figures": {}, "meetings": {"a1": [
        {"type": "state_visit", "start_date": "2025-08-10", "participants": ["To Lam"], "event_id": "e1"}]}}
    evaluation = Evaluation()
    score_article(gold, predictions, evaluation)
    assert evaluation.event_mentions == [("to-lam-rok-2025", "e1")]  # the talks were not extracted: not scored
    assert evaluation.event_gold_mentions == 2
