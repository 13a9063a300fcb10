// SPDX-License-Identifier: Apache-2.0
#include "app/coach_corpus.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "coach/corpus.h"
#include "content/parser.h"

namespace starprep::app {
namespace {

void LoadSet(const std::filesystem::path& dir, const std::set<std::string>& question_ids,
             std::vector<coach::LabelledAnswer>& out, std::vector<std::string>& errors) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      errors.push_back(file.string() + ": cannot read the file");
      continue;
    }
    const std::size_t before = out.size();
    coach::ParseCorpusFile(file.string(), text.str(), out, errors);
    for (std::size_t i = before; i < out.size(); ++i)
      if (!out[i].question_id.empty() && !question_ids.count(out[i].question_id))
        errors.push_back(file.string() + ": answer '" + out[i].id + "' names unknown question '" + out[i].question_id +
                         "'");
  }
}

}  // namespace

CoachCorpus LoadCoachCorpus(const std::filesystem::path& content_dir) {
  CoachCorpus c;
  content::LoadResult loaded = content::LoadPack(content_dir);
  for (const auto& e : loaded.errors) c.errors.push_back(content::FormatError(e));
  c.pack = std::move(loaded.pack);
  std::set<std::string> ids;
  for (const auto& role : c.pack.roles) {
    for (const auto& q : role.questions) {
      ids.insert(q.id);
      c.keyword_documents.push_back(coach::KeywordText(q));
    }
  }
  c.training = coach::AnswersFromPack(c.pack);
  LoadSet(content_dir / "coach" / "training", ids, c.training, c.errors);
  std::vector<std::string> heldout_names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(content_dir / "coach", ec))
    if (entry.is_directory() && entry.path().filename().string().starts_with("heldout"))
      heldout_names.push_back(entry.path().filename().string());
  std::sort(heldout_names.begin(), heldout_names.end());
  for (const std::string& name : heldout_names) {
    HeldOutSet set{name, {}};
    LoadSet(content_dir / "coach" / name, ids, set.answers, c.errors);
    c.heldout.push_back(std::move(set));
  }
  return c;
}

}  // namespace starprep::app
