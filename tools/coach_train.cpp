// SPDX-License-Identifier: Apache-2.0
// coach_train CONTENT_DIR OUT: trains the answer coach on CONTENT_DIR (the pack's model answers
// and coach/training) and writes the serialised model to OUT. Run by the build; deterministic.

#include <chrono>
#include <cstdio>
#include <fstream>

#include "app/coach_corpus.h"

int main(int argc, char** argv) {
  using namespace starprep;
  if (argc != 3) {
    std::fputs("usage: coach_train CONTENT_DIR OUT\n", stderr);
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  const app::CoachCorpus corpus = app::LoadCoachCorpus(argv[1]);
  for (const auto& e : corpus.errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!corpus.errors.empty()) return 1;
  const coach::Model model = coach::Model::Train(corpus.training, corpus.keyword_documents, coach::TrainOptions{});
  const std::string bytes = model.Serialize();
  const std::string tmp = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "coach_train: cannot write %s\n", tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), argv[2]) != 0) {
    std::fprintf(stderr, "coach_train: cannot rename %s to %s\n", tmp.c_str(), argv[2]);
    return 1;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("coach_train: %zu answers, %zu features, %zu bytes, %lld ms\n", corpus.training.size(),
              model.FeatureCount(), bytes.size(), static_cast<long long>(ms.count()));
  return 0;
}
