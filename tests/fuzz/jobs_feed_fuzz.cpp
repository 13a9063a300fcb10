// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the JobPosting importer (jobs::ParseJobPostings) on raw bytes, which may be a
// JSON-LD object, array or @graph, NDJSON, or an HTML page with ld+json script blocks.
//
// Invariants: nothing throws; every accepted posting passes jobs::Validate and renders to safe
// HTML; item numbers are positive and increase through postings and rejections; every rejection
// says why; and the export round trip documented in jobs/jsonld.h holds: JobFromJsonLd of
// ToJsonLd(job), serialised and parsed again, gives back the same job, whenever the job's texts
// hold nothing the importer's HTML and character-reference handling would change again. Parsed
// again with a source URL (the apply-link fallback of `jobs import --source-url`), no posting is
// lost and every apply link is an http(s) URL.

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "jobs/html_text.h"
#include "jobs/jsonld.h"
#include "web/markdown.h"

namespace {

using namespace starprep;
using fuzz::Check;

const std::vector<jobs::RoleInfo>& Roles() {
  static const std::vector<jobs::RoleInfo> roles = {
      {"backend-developer", "Back-end Developer", {"APIs", "databases", "security"}},
      {"devops-engineer", "DevOps / Site Reliability Engineer", {"Kubernetes", "CI/CD", "observability"}},
      {"data-engineer", "Data Engineer", {"SQL", "Spark", "Kafka"}},
  };
  return roles;
}

// True when DecodeEntities leaves every string in `v` unchanged.
bool DecodingIsANoOp(const boost::json::value& v) {
  if (v.is_string()) return jobs::DecodeEntities(v.as_string()) == std::string_view(v.as_string());
  if (v.is_array()) {
    for (const auto& item : v.as_array())
      if (!DecodingIsANoOp(item)) return false;
  }
  if (v.is_object()) {
    for (const auto& [key, item] : v.as_object())
      if (!DecodingIsANoOp(item)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const jobs::ParsedFeed feed = jobs::ParseJobPostings(text, Roles());
  Check(feed.ignored >= 0, "negative ignored count");
  for (const auto& r : feed.rejected) {
    Check(r.item >= 1 && r.line >= 0, "rejection position out of range");
    Check(!r.reason.empty(), "rejection without a reason");
    Check(!jobs::DescribePosition(r.item, r.line).empty(), "empty position");
  }
  int previous_item = 0;
  for (const auto& p : feed.postings) {
    Check(p.item > previous_item && p.line >= 0, "posting positions do not increase");
    previous_item = p.item;
    const jobs::Job& job = p.job;
    Check(jobs::Validate(job).ok(), "accepted posting fails Validate", job.title);
    fuzz::CheckSafeHtml(web::RenderMarkdown(job.description_md));
    for (const auto& role : job.roles) {
      bool known = false;
      for (const auto& r : Roles()) known = known || r.slug == role;
      Check(known, "posting mapped to an unknown role", role);
    }
    const std::string exported = boost::json::serialize(jobs::ToJsonLd(job));
    boost::json::error_code ec;
    const boost::json::value again = boost::json::parse(exported, ec);
    Check(!ec && again.is_object(), "exported JSON-LD does not parse", exported);
    auto back = jobs::JobFromJsonLd(again.as_object(), Roles());
    // The importer decodes character references in every text and converts text that looks like
    // HTML; applied a second time, neither is a no-op when the first pass left such text behind
    // (fuzzing found "<<<d ...</p>" kept as text). The round trip is exact for the rest.
    if (!jobs::LooksLikeHtml(job.title) && !jobs::LooksLikeHtml(job.description_md) && DecodingIsANoOp(again)) {
      Check(back.ok(), "exported JSON-LD is not accepted again",
            back.ok() ? "" : back.error().message + " in " + exported);
      Check(*back == job, "export/import round trip changed the job", exported);
    }
  }
  // A source URL is one more apply-link fallback: it can only let more postings in, and a posting
  // that took it applies there.
  const std::string source_url = "https://fuzz.example/saved-page";
  const jobs::ParsedFeed with_source = jobs::ParseJobPostings(text, Roles(), source_url);
  Check(with_source.postings.size() >= feed.postings.size(), "a source URL rejected a posting");
  for (const auto& p : with_source.postings) {
    Check(jobs::IsHttpUrl(p.job.apply_url), "apply link is not an http(s) URL", p.job.apply_url);
    if (p.apply_from == jobs::ApplyLinkFrom::kSourceUrl)
      Check(p.job.apply_url == source_url, "apply link from --source-url is not it", p.job.apply_url);
  }
  return 0;
}
