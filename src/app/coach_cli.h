// SPDX-License-Identifier: Apache-2.0
#pragma once
// `starprep coach` (analyse an answer read from standard input), `starprep coach eval` and
// `starprep coach corrections export`.

#include <filesystem>
#include <string>

namespace starprep::app {

struct CoachOptions {
  std::string role;                   // role slug: its skills become keywords (without a question)
  std::string question;               // question id: its topic words become keywords
  std::filesystem::path content_dir;  // where --role and --question are looked up
  bool json = false;                  // print the JSON contract instead of the readable report
};

// Exit status: 0 on success; 2 for empty or non-UTF-8 input or an unknown role or question
// (with a message on standard error).
int Coach(const CoachOptions& options);

struct CoachEvalOptions {
  std::filesystem::path content_dir;
  int folds = 5;
  float transition_weight = -1;  // >= 0 overrides the training default (tuning)
  bool show_mistakes = false;    // list the wrongly labelled sentences (cross-validation only)
  // Score the held-out sets (content/coach/heldout*) instead of cross-validating. Held-out
  // figures are read once per model change, after every choice is made (docs/coach.md).
  bool heldout = false;
  // Implies `heldout`: compare against the figures recorded in this file ("set.figure percent"
  // lines) and fail when one is worse by more than `margin` points: the coach's quality floor.
  std::filesystem::path check_file;
  double margin = 2.0;
};

// `starprep coach eval`: k-fold cross-validation over the training corpus (the default), or the
// held-out sets scored by a model trained on all of it. Every figure is printed next to the
// position-only baseline. Exit 1 if the corpus or the figures file has errors or the floor is
// not met.
int CoachEval(const CoachEvalOptions& options);

// `starprep coach corrections export`: every coach correction its writer shared, unsealed, as
// corpus file entries (practice::CorpusEntry; docs/coach.md), oldest first, after a header that
// asks editors to review them. Writes to `out_file`, replaced only once complete, or to standard
// output when it is empty; "exported N shared corrections" on standard error. No user id or email
// is written. A correction whose answer the corpus format cannot hold is skipped with a note on
// standard error. Exit 1 when the store, a record or the output fails.
int CoachCorrectionsExport(const std::filesystem::path& data_dir, const std::filesystem::path& out_file);

}  // namespace starprep::app
