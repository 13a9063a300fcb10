// SPDX-License-Identifier: Apache-2.0
#pragma once
// Labelled answers for training and evaluating the coach: the STAR sections of the content
// pack's model answers, and corpus files in content/coach/<set>/*.md (format in docs/coach.md).
// Pure: callers read the files.

#include <string>
#include <string_view>
#include <vector>

#include "coach/model.h"
#include "content/model.h"

namespace starprep::coach {

// Parses one corpus file. Appends its answers to `out` and "file:line: message" strings to
// `errors` (unknown label, text before the first label, missing metadata, duplicate id...).
void ParseCorpusFile(std::string_view file, std::string_view text, std::vector<LabelledAnswer>& out,
                     std::vector<std::string>& errors);

// Every question's suggested answer as one labelled answer (situation, task, action, result in
// order; one paragraph, or a paragraph per part for every other question, as people write both).
std::vector<LabelledAnswer> AnswersFromPack(const content::Pack& pack);

// The text a question contributes to keyword statistics and extraction: the question itself
// (twice: it matters most), why interviewers ask it, and its dos and don'ts. The model answer's
// story is left out: its invented names are not what a candidate should mention.
std::string KeywordText(const content::Question& q);

}  // namespace starprep::coach
