// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading the coach's labelled corpora from a content directory (I/O for the pure coach/).
//   DIR/roles/...             the content pack: every model answer is a labelled answer
//   DIR/coach/training/*.md   answers in other voices (docs/coach.md describes the format)
//   DIR/coach/heldout*/*.md   held-out sets (heldout, heldout2, ...): answers kept out of training
//                             and tuning, read only by `starprep coach eval --heldout`

#include <filesystem>
#include <string>
#include <vector>

#include "coach/model.h"
#include "content/model.h"

namespace starprep::app {

struct HeldOutSet {
  std::string name;  // the folder's name: "heldout", "heldout2"
  std::vector<coach::LabelledAnswer> answers;
};

struct CoachCorpus {
  content::Pack pack;
  std::vector<coach::LabelledAnswer> training;  // pack answers, then coach/training
  std::vector<HeldOutSet> heldout;              // coach/heldout*, by folder name
  std::vector<std::string> keyword_documents;   // one per question of the pack
  std::vector<std::string> errors;              // "file:line: message"; empty when all is well
};

// Loads everything under `content_dir`. Unknown question ids in corpus files are errors.
CoachCorpus LoadCoachCorpus(const std::filesystem::path& content_dir);

}  // namespace starprep::app
