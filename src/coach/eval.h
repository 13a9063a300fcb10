// SPDX-License-Identifier: Apache-2.0
#pragma once
// Measuring the coach: sentence labelling against gold labels, and whether a removed STAR part
// is reported missing. Pure; used by `starprep coach eval` (numbers in docs/coach.md).

#include <array>
#include <string>
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
  int complete_answers = 0;  // answers with all four parts, unchanged
  int complete_flagged = 0;  // ... where some part was reported missing anyway
  // For choosing the presence threshold: per removal trial, the removed part's evidence in the
  // reduced answer; per complete answer, the weakest part's evidence.
  std::vector<float> removal_evidence;
  std::vector<float> complete_weakest_evidence;
  // Every wrongly labelled sentence: "answer-id: gold -> predicted (confidence): text".
  std::vector<std::string> mistakes;

  void Add(const EvalReport& other);
  double Precision(Component c) const;
  double Recall(Component c) const;
  double F1(Component c) const;
};

// Evaluates `model` on `answers` (labelling, and one-part-removal trials).
EvalReport Evaluate(const Model& model, const std::vector<LabelledAnswer>& answers);

// k-fold cross-validation: answers are split into `folds` groups by a hash of their id; each
// group is evaluated with a model trained on the others. Deterministic.
EvalReport CrossValidate(const std::vector<LabelledAnswer>& answers, const std::vector<std::string>& keyword_documents,
                         int folds, const TrainOptions& options);

// A human-readable table of `r` (accuracy, per-class precision/recall/F1, confusion, removal).
std::string FormatEval(const EvalReport& r);

}  // namespace starprep::coach
