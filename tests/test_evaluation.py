"""Scoring against gold: the calibration of confidence by evidence class and by bucket."""

from __future__ import annotations

from newsfacts.evaluation import Evaluation, Outcome, calibrated_confidences, calibration


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
