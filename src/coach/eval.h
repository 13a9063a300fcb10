// SPDX-License-Identifier: Apache-2.0
#pragma once
// Measuring the coach: sentence labelling against gold labels, and whether a removed STAR part
// is reported missing. Pure; used by `starprep coach eval` (numbers in docs/coach.md).

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "coach/model.h"

namespace starprep::coach {

struct EvalReport {
  int answers = 0;
  int sentences = 0;
  int sentences_correct = 0;
  long text_bytes = 0;                                                        // bytes of sentence text
  long text_bytes_correct = 0;                                                // ... labelled with the right component
  std::array<std::array<int, kComponentCount>, kComponentCount> confusion{};  // [gold][predicted]
  int removal_trials = 0;    // answers with all four parts x one part removed
  int removal_detected = 0;  // ... where the removed part was reported missing
  std::array<int, kStarCount> removal_trials_by_part{};
  std::array<int, kStarCount> removal_detected_by_part{};
  int complete_answers = 0;                                // answers with all four parts, unchanged
  int complete_flagged = 0;                                // ... where some part was reported missing anyway
  std::array<int, kStarCount> complete_flagged_by_part{};  // ... which part
  // For choosing the presence threshold: per removal trial, the removed part's evidence in the
  // reduced answer; per complete answer, the weakest part's evidence.
  std::vector<float> removal_evidence;
  std::vector<float> complete_weakest_evidence;
  // Every wrongly labelled sentence: "answer-id: gold -> predicted (confidence): text".
  std::vector<std::string> mistakes;
  // The same answers with their result moved to the front (answers whose result is not first).
  int result_first_answers = 0;
  long result_first_bytes = 0;
  long result_first_bytes_correct = 0;
  // The baseline: each sentence labelled by where it sits alone (PositionLabel).
  long position_bytes_correct = 0;
  // Calibration: sentences per confidence tenth (0: [0, 0.1) ... 9: [0.9, 1]) and how many of
  // them were labelled right.
  std::array<int, 10> calibration_sentences{};
  std::array<int, 10> calibration_correct{};

  void Add(const EvalReport& other);
  double Precision(Component c) const;
  double Recall(Component c) const;
  double F1(Component c) const;
};

// The position-only labeller, the baseline every figure is shown against: a sentence whose
// middle byte lies in the first fifth of the answer is situation, the second fifth task, the
// third and fourth action, the last fifth result.
Component PositionLabel(Span sentence, std::size_t answer_bytes);

// Evaluates `model` on `answers` (labelling, and one-part-removal trials).
EvalReport Evaluate(const Model& model, const std::vector<LabelledAnswer>& answers);

// k-fold cross-validation: answers are split into `folds` groups by a hash of their id; each
// group is evaluated with a model trained on the others. Deterministic.
EvalReport CrossValidate(const std::vector<LabelledAnswer>& answers, const std::vector<std::string>& keyword_documents,
                         int folds, const TrainOptions& options);

// A human-readable table of `r` (accuracy against the position baseline, result-first accuracy,
// per-class precision/recall/F1, confusion, removal, calibration).
std::string FormatEval(const EvalReport& r);

// The figures the quality floor watches, in percent: text_accuracy, result_first_accuracy,
// missing_named and missing_named_<part> (higher is better), complete_flagged (lower is better).
struct Figure {
  std::string name;
  double value = 0;
  bool lower_is_better = false;
};
std::vector<Figure> FloorFigures(const EvalReport& r);

// Compares measured figures (names already qualified, e.g. "heldout.text_accuracy") with the
// recorded ones: one message per recorded figure that is missing from `measured` or worse than
// recorded by more than `margin` points. Empty when the floor holds.
std::vector<std::string> BelowFloor(const std::vector<Figure>& measured,
                                    const std::vector<std::pair<std::string, double>>& recorded, double margin);

}  // namespace starprep::coach
