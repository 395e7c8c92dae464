"""Scoring against gold: the calibration of confidence by evidence class and by bucket, and B-cubed scoring of
events (newsfacts.evaluation.bcubed and the pairs score_article collects)."""

from __future__ import annotations

import pytest
from newsfacts.evaluation import Evaluation, Outcome, bcubed, calibrated_confidences, calibration, score_article


def _evaluation(outcomes: list[Outcome]) -> Evaluation:
    evaluation = Evaluation()
    evaluation.outcomes["meetings"] = outcomes
    return evaluation


def test_a_class_confidence_is_its_smoothed_precision() -> None:
    outcomes = [Outcome(0.5, True, "dated, two sides")] * 8 + [Outcome(0.5, False, "dated, two sides")] * 2 \
        + [Outcome(0.5, True, "undated, one side")] + [Outcome(0.5, True, None)]
    assert calibrated_confidences(_evaluation(outcomes)) == [
        ("meetings", "dated, two sides", 0.75, 10),  # (8 + 1) / (10 + 2)
        ("meetings", "undated, one side", 0.67, 1),  # one right fact is no certainty
    ]


def test_buckets_tell_calibrated_from_overconfident_and_too_few() -> None:
    outcomes = [Outcome(0.95, i < 19, "a") for i in range(20)] + [Outcome(0.85, i < 10, "b") for i in range(20)] \
        + [Outcome(0.72, True, "c")]
    verdicts = {(b.low, b.is_calibrated) for b in calibration(_evaluation(outcomes))}
    assert verdicts == {(0.9, True), (0.8, False), (0.7, None)}


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
