// SPDX-License-Identifier: Apache-2.0
#include "app/coach_cli.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/coach_corpus.h"
#include "app/open_store.h"
#include "auth/keyring.h"
#include "coach/coach.h"
#include "coach/eval.h"
#include "content/parser.h"
#include "core/dates.h"
#include "core/html.h"
#include "practice/corrections.h"

namespace starprep::app {
namespace {

constexpr std::string_view kMarks[] = {"[S]", "[T]", "[A]", "[R]", "[ ]"};

std::string ReadableReport(std::string_view answer, const coach::Report& r) {
  std::string out = fmt::format("Score {}/100\n", r.score);
  for (const auto& p : r.breakdown) out += fmt::format("  {:<18} {:>2}/{}\n", p.name, p.points, p.max);
  out += "\nYour answer, sentence by sentence ([S]ituation [T]ask [A]ction [R]esult, [ ] other):\n";
  for (const auto& s : r.sentences)
    out += fmt::format("  {} {}  ({:.0f}%)\n", kMarks[static_cast<int>(s.component)],
                       answer.substr(s.span.start, s.span.end - s.span.start), s.confidence * 100);
  if (!r.missing.empty()) {
    out += "\nMissing:";
    for (auto c : r.missing) out += fmt::format(" {}", coach::ComponentName(c));
    out += '\n';
  }
  const auto& m = r.metrics;
  out += fmt::format("\nWords {}, sentences {}, about {:.0f} s spoken; \"I\" {} times, \"we\" {} times\n", m.words,
                     m.sentences, m.speaking_seconds, m.i_count, m.we_count);
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? std::string("none") : s;
  };
  out += "Numbers: " + list(m.quantified_results) + "\n";
  out += "Filler words: " + list(m.filler_words) + "\n";
  if (!m.vague_claims.empty()) out += "Vague claims: " + list(m.vague_claims) + "\n";
  if (!m.keywords_found.empty() || !m.keywords_missing.empty())
    out += "Keywords used: " + list(m.keywords_found) + "; not used: " + list(m.keywords_missing) + "\n";
  if (!r.suggestions.empty()) {
    out += "\nSuggestions:\n";
    for (const auto& s : r.suggestions)
      out += fmt::format("  - {}{}\n", s.component ? fmt::format("[{}] ", coach::ComponentName(*s.component)) : "",
                         s.message);
  }
  return out;
}

}  // namespace

int Coach(const CoachOptions& options) {
  const std::string answer{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  if (answer.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::fputs(
        "starprep coach: the answer is empty; write it on standard input, e.g. "
        "`starprep coach < answer.txt`\n",
        stderr);
    return 2;
  }
  if (!html::IsValidUtf8(answer)) {
    std::fputs("starprep coach: the answer is not valid UTF-8; save it as UTF-8 text and try again\n", stderr);
    return 2;
  }
  const coach::Model& model = coach::EmbeddedModel();
  coach::Context context;
  if (!options.role.empty() || !options.question.empty()) {
    const content::LoadResult loaded = content::LoadPack(options.content_dir);
    if (!loaded.errors.empty()) {
      std::fprintf(stderr, "starprep coach: cannot read the content pack in %s: %s\n",
                   options.content_dir.string().c_str(), content::FormatError(loaded.errors.front()).c_str());
      return 2;
    }
    const content::Role* role = nullptr;
    const content::Question* question = nullptr;
    for (const auto& r : loaded.pack.roles) {
      if (r.slug == options.role) role = &r;
      for (const auto& q : r.questions)
        if (q.id == options.question) question = &q;
    }
    if (!options.role.empty() && !role) {
      std::fprintf(stderr, "starprep coach: unknown role '%s' (see %s/roles)\n", options.role.c_str(),
                   options.content_dir.string().c_str());
      return 2;
    }
    if (!options.question.empty() && !question) {
      std::fprintf(stderr, "starprep coach: unknown question '%s' (ids are in the questions' front matter)\n",
                   options.question.c_str());
      return 2;
    }
    if (question && !options.role.empty() && question->role_slug != options.role) {
      std::fprintf(stderr, "starprep coach: question '%s' belongs to role '%s', not '%s'\n", options.question.c_str(),
                   question->role_slug.c_str(), options.role.c_str());
      return 2;
    }
    // As practice::Coaching does: a question's own topic words, or a role's skills without one.
    context = coach::MakeContext(model, question, role && !question ? role->skills : std::vector<std::string>{});
  }
  const coach::Report report = coach::Analyze(model, answer, context);
  const std::string out = options.json ? coach::ToJson(answer, report) + "\n" : ReadableReport(answer, report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

namespace {

// Reads "name percent" lines ('#' starts a comment). Errors name the line.
bool ReadRecordedFigures(const std::filesystem::path& file, std::vector<std::pair<std::string, double>>& out,
                         std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = file.string() + ": cannot read the file";
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::string name, extra;
    double value = 0;
    if (!(fields >> name)) continue;
    if (!(fields >> value) || (fields >> extra) || value < 0 || value > 100) {
      error =
          fmt::format("{}:{}: expected 'set.figure percent', e.g. 'heldout.text_accuracy 85.8'", file.string(), number);
      return false;
    }
    out.emplace_back(name, value);
  }
  return true;
}

}  // namespace

int CoachEval(const CoachEvalOptions& options) {
  const CoachCorpus corpus = LoadCoachCorpus(options.content_dir);
  for (const auto& e : corpus.errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!corpus.errors.empty()) return 1;
  std::vector<std::pair<std::string, double>> recorded;
  if (!options.check_file.empty()) {
    std::string error;
    if (!ReadRecordedFigures(options.check_file, recorded, error)) {
      std::fprintf(stderr, "starprep coach eval: %s\n", error.c_str());
      return 1;
    }
  }
  coach::TrainOptions train;
  if (options.transition_weight >= 0) train.transition_weight = options.transition_weight;

  if (!options.heldout && options.check_file.empty()) {
    std::printf(
        "== %d-fold cross-validation over the training corpus (%zu answers: %zu model answers + %zu "
        "in coach/training)\n",
        options.folds, corpus.training.size(), corpus.keyword_documents.size(),
        corpus.training.size() - corpus.keyword_documents.size());
    std::fflush(stdout);
    const coach::EvalReport cv = coach::CrossValidate(corpus.training, corpus.keyword_documents, options.folds, train);
    std::fputs(coach::FormatEval(cv).c_str(), stdout);
    if (options.show_mistakes) {
      std::printf("\nwrongly labelled sentences (cross-validation):\n");
      for (const auto& m : cv.mistakes) std::printf("  %s\n", m.c_str());
    }
    std::printf("\n(held-out figures: `starprep coach eval --heldout`, once per model change)\n");
    return 0;
  }

  if (corpus.heldout.empty()) {
    std::fprintf(stderr, "starprep coach eval: no held-out set under %s/coach/heldout*\n",
                 options.content_dir.string().c_str());
    return 1;
  }
  const coach::Model model = coach::Model::Train(corpus.training, corpus.keyword_documents, train);
  std::vector<coach::Figure> measured;
  for (const HeldOutSet& set : corpus.heldout) {
    std::printf("== held-out set coach/%s (%zu answers; never used for training or tuning)\n", set.name.c_str(),
                set.answers.size());
    const coach::EvalReport report = coach::Evaluate(model, set.answers);
    std::fputs(coach::FormatEval(report).c_str(), stdout);
    std::printf("\n");
    for (coach::Figure f : coach::FloorFigures(report)) {
      f.name = set.name + "." + f.name;
      measured.push_back(std::move(f));
    }
  }
  if (options.check_file.empty()) return 0;

  std::printf("== quality floor (%s, margin %.1f points)\n", options.check_file.string().c_str(), options.margin);
  for (const auto& [name, value] : recorded) {
    const auto it = std::find_if(measured.begin(), measured.end(),
                                 [&name = name](const coach::Figure& f) { return f.name == name; });
    if (it != measured.end()) std::printf("  %-40s %5.1f%%  recorded %5.1f%%\n", name.c_str(), it->value, value);
  }
  const std::vector<std::string> below = coach::BelowFloor(measured, recorded, options.margin);
  for (const auto& m : below) std::fprintf(stderr, "below the floor: %s\n", m.c_str());
  if (!below.empty()) {
    std::fprintf(stderr,
                 "starprep coach eval: the coach got worse on the held-out sets. If the change is deliberate, "
                 "update %s in the same commit and say why.\n",
                 options.check_file.string().c_str());
    return 1;
  }
  std::printf("floor holds: %zu figures within %.1f points of the recorded ones\n", recorded.size(), options.margin);
  return 0;
}

int CoachCorrectionsExport(const std::filesystem::path& data_dir, const std::filesystem::path& out_file) {
  // The file is written as FILE.partial (mode 0600: candidates' own words) and renamed when complete.
  const std::filesystem::path partial =
      out_file.empty() ? out_file : std::filesystem::path(out_file.string() + ".partial");
  std::ofstream file;
  auto fail = [&](const std::string& message) {
    std::fprintf(stderr, "starprep coach corrections export: %s\n", message.c_str());
    if (file.is_open()) {
      file.close();
      std::error_code ec;
      std::filesystem::remove(partial, ec);
    }
    return 1;
  };
  auto store = OpenStore(data_dir);
  if (!store) return fail(store.error().message);
  auto keyring = auth::Keyring::Load(data_dir);
  if (!keyring) return fail(keyring.error().message);
  practice::Corrections corrections(**store, **keyring);
  if (!out_file.empty()) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    std::error_code ec;
    std::filesystem::permissions(partial, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    if (!file || ec) return fail("cannot write " + partial.string());
  }
  std::ostream& out = out_file.empty() ? std::cout : file;
  out << "# Shared coach corrections (starprep coach corrections export, " << dates::NowUtc().substr(0, 10)
      << ")\n\nEach answer was shared by its writer to improve the coach. Read it before adding it to "
         "content/coach/training: check the labels, and remove anything that names a person or a company.\n";
  int exported = 0, skipped = 0;
  const coach::Model& model = coach::EmbeddedModel();
  auto status = corrections.ForEachShared([&](const practice::Correction& c) -> Status {
    const auto entry = practice::CorpusEntry(c, model);
    if (!entry) {
      ++skipped;
      std::fprintf(stderr,
                   "skipped correction %lld: the corpus format cannot hold its answer (for example, it contains "
                   "\"[[\")\n",
                   static_cast<long long>(c.id));
      return {};
    }
    out << "\n" << *entry;
    ++exported;
    return {};
  });
  if (!status) return fail(status.error().message);
  out.flush();
  if (!out) return fail("cannot write " + (out_file.empty() ? std::string("standard output") : partial.string()));
  if (!out_file.empty()) {
    file.close();
    std::error_code ec;
    std::filesystem::rename(partial, out_file, ec);
    if (ec) return fail("cannot rename " + partial.string() + " to " + out_file.string() + ": " + ec.message());
  }
  std::string summary =
      "exported " + std::to_string(exported) + (exported == 1 ? " shared correction" : " shared corrections");
  if (skipped) summary += ", skipped " + std::to_string(skipped);
  std::fprintf(stderr, "%s\n", summary.c_str());
  return 0;
}

}  // namespace starprep::app
