// SPDX-License-Identifier: Apache-2.0
#pragma once
// `starprep coach` (analyse an answer read from standard input) and `starprep coach eval`.

#include <filesystem>
#include <string>

namespace starprep::app {

struct CoachOptions {
  std::string role;                   // role slug: its skills become keywords
  std::string question;               // question id: its topic words become keywords
  std::filesystem::path content_dir;  // where --role and --question are looked up
  bool json = false;                  // print the JSON contract instead of the readable report
};

// Exit status: 0 on success; 2 for empty or non-UTF-8 input or an unknown role or question
// (with a message on standard error).
int Coach(const CoachOptions& options);

// Prints k-fold cross-validation over the training corpus and, when present, the scores on
// content/coach/heldout of a model trained on all of it. `transition_weight` overrides the
// training default (for tuning); `show_mistakes` lists the cross-validation's wrongly labelled
// sentences (for improving the corpus and the features). Exit 1 if the corpus has errors.
int CoachEval(const std::filesystem::path& content_dir, int folds, float transition_weight, bool show_mistakes);

}  // namespace starprep::app
