// SPDX-License-Identifier: Apache-2.0
// Micro-benchmarks for the hot parts of serving a role page and of importing content.
// Built into `micro_bench` (CMake globs bench/*_bench.cpp). Run:
//   build/release/micro_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The page fixture is ~115 KB of HTML made from the real back-end question files (so it
// compresses like the real role page), with token slots where the per-visitor CSRF token goes.
// The real role page has one slot (one feedback form), as here.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "content/parser.h"
#include "http/message.h"
#include "http/page_cache.h"

namespace {

namespace fs = std::filesystem;
using starprep::http::BuildPage;
using starprep::http::kTokenSlot;
using starprep::http::Request;
using starprep::http::ServePage;

constexpr std::size_t kPageBytes = 115'000;  // the real /roles/backend-developer page is ~115 KB
// A CSRF token as Csrf::TokenFor makes them: 43 URL-safe characters.
constexpr std::string_view kToken = "q0F3vXgk2b9nS1dYwE7rT5uI8oP4aL6zC0xV2mN9jHk";

fs::path QuestionsDir() {
  return fs::path(STARPREP_SOURCE_DIR) / "content" / "roles" / "backend-developer" / "questions";
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> QuestionFiles() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(QuestionsDir()))
    if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw std::runtime_error("no question files in " + QuestionsDir().string());
  return files;
}

// ~115 KB of HTML-ish text built from the real question files, with `slots` token slots spread
// evenly through it (at least one).
std::string PageHtml(int slots) {
  std::string body;
  for (const auto& f : QuestionFiles()) {
    body += "<article class=\"question\">\n<pre>";
    body += ReadFile(f);
    body += "</pre>\n</article>\n";
  }
  std::string html =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Back-end</title></head><body>\n";
  const std::string tail = "\n</body></html>\n";
  const std::size_t slot_markup =
      std::string_view("<input type=\"hidden\" name=\"csrf\" value=\"\">").size() + kTokenSlot.size();
  const std::size_t room = kPageBytes - html.size() - tail.size() - static_cast<std::size_t>(slots) * slot_markup;
  std::string filler;
  while (filler.size() < room) filler += body;
  filler.resize(room);
  const std::size_t step = filler.size() / static_cast<std::size_t>(slots + 1);
  for (int i = 0; i < slots; ++i) {
    html.append(filler, static_cast<std::size_t>(i) * step, step);
    html += "<input type=\"hidden\" name=\"csrf\" value=\"";
    html += kTokenSlot;
    html += "\">";
  }
  html.append(filler, static_cast<std::size_t>(slots) * step);
  html += tail;
  return html;
}

Request PageRequest(bool gzip) {
  Request req;
  req.target = req.path = "/roles/backend-developer";
  req.headers = {{"host", "127.0.0.1"}, {"user-agent", "wrk"}, {"cookie", "sp_vid=AAAAAAAAAAAAAAAAAAAAAA"}};
  if (gzip) req.headers.emplace_back("accept-encoding", "gzip");
  return req;
}

// BuildPage: what a cache miss costs after rendering (hash, split, deflate level 9 per piece).
void BM_BuildPage(benchmark::State& state) {
  const std::string html = PageHtml(static_cast<int>(state.range(0)));
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto page = BuildPage(html, "text/html; charset=utf-8");
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * html.size()));
  state.counters["page_bytes"] = static_cast<double>(html.size());
}
BENCHMARK(BM_BuildPage)->ArgName("slots")->Arg(1)->Unit(benchmark::kMillisecond);

// ServePage: what a cache hit costs per request (ETag, token splice; for gzip the stored block
// and the CRC combination). range(0): gzip?  range(1): token slots.
void BM_ServePage(benchmark::State& state) {
  const bool gzip = state.range(0) != 0;
  const auto page = BuildPage(PageHtml(static_cast<int>(state.range(1))), "text/html; charset=utf-8");
  const Request req = PageRequest(gzip);
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto resp = ServePage(*page, req, kToken);
    bytes = resp.BodySize();
    benchmark::DoNotOptimize(resp);
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ServePage)->ArgNames({"gzip", "slots"})->Args({0, 1})->Args({1, 1})->Unit(benchmark::kMicrosecond);

// ParseQuestion on the real first back-end question (pure; the file is read once, in setup).
void BM_ParseQuestion(benchmark::State& state) {
  fs::path file;
  for (const auto& f : QuestionFiles())
    if (f.filename().string().rfind("01-", 0) == 0) file = f;
  if (file.empty()) {
    state.SkipWithError("no 01-*.md question file");
    return;
  }
  const std::string text = ReadFile(file);
  const std::string name = file.filename().string();
  const std::string path = file.string();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    std::vector<starprep::content::ContentError> errors;
    auto q = starprep::content::ParseQuestion(path, name, "backend-developer", text, errors);
    benchmark::DoNotOptimize(q);
    if (!errors.empty()) {
      state.SkipWithError(starprep::content::FormatError(errors.front()).c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseQuestion)->Unit(benchmark::kMicrosecond);

}  // namespace
