// SPDX-License-Identifier: Apache-2.0
#pragma once
// Labelled answers for training and evaluating the coach: the STAR sections of the content
// pack's model answers, and corpus files in content/coach/<set>/*.md (format in docs/coach.md).
// Pure: callers read the files.

#include <optional>
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

// `text` with a label on every part: a person's labels (`corrected`: spans in order, not
// overlapping) where they gave one, the coach's sentence labels (`coached`) elsewhere. Bytes in
// neither (white space, list markers) belong to the part before them (leading ones to the first).
// The text is trimmed and CR LF (or a lone CR) becomes LF; the parts' offsets refer to that text. Each part
// starts at a byte that is not white space, adjacent bytes with the same label share a part, and
// a line that starts with "## " starts a part of its own, so that FormatCorpusAnswer can place a
// marker there. Only `text` and `parts` are set. Empty parts for a blank text.
LabelledAnswer MergeLabels(std::string_view text, const std::vector<LabelledAnswer::Part>& corrected,
                           const std::vector<LabelledAnswer::Part>& coached);

// One corpus file entry for `answer` (the format above): "## id", its question (when not empty),
// voice and present parts, a blank line, then the text with a [[label]] marker at the start of
// each part. nullopt when ParseCorpusFile would not read back the same id, metadata, text and
// parts: a text that holds "[[" or has white space at either end, a part that does not start a
// line or follow white space where "[" precedes it, an id or voice the format does not allow.
// MergeLabels makes answers this can write unless their text holds "[[".
std::optional<std::string> FormatCorpusAnswer(const LabelledAnswer& answer);

// Every question's suggested answer as one labelled answer (situation, task, action, result in
// order; one paragraph, or a paragraph per part for every other question, as people write both).
std::vector<LabelledAnswer> AnswersFromPack(const content::Pack& pack);

// The text a question contributes to keyword statistics and extraction: the question itself
// (twice: it matters most), why interviewers ask it, and its dos and don'ts. The model answer's
// story is left out: its invented names are not what a candidate should mention.
std::string KeywordText(const content::Question& q);

}  // namespace starprep::coach
