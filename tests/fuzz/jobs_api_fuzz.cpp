// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the editor API's job body (POST/PUT /api/v1/jobs) from raw bytes, parsed as
// the API does (Boost.JSON) and mapped with jobs::FromApiJson.
//
// Invariants: nothing throws; an accepted body passes jobs::Validate, names only known roles,
// and round-trips: ToApiJson (less the read-only fields id, sample, expired and url) fed back to
// FromApiJson gives the same job; rejections carry a message.

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "jobs/api_json.h"

namespace {

using namespace starprep;
using fuzz::Check;

const std::vector<jobs::RoleInfo>& Roles() {
  static const std::vector<jobs::RoleInfo> roles = {
      {"backend-developer", "Back-end Developer", {"APIs", "databases", "security"}},
      {"devops-engineer", "DevOps / Site Reliability Engineer", {"Kubernetes", "CI/CD", "observability"}},
  };
  return roles;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::error_code ec;
  const boost::json::value body = boost::json::parse(text, ec);
  if (ec) return 0;
  const std::string default_id = "editor-42";
  auto job = jobs::FromApiJson(body, Roles(), default_id);
  if (!job.ok()) {
    Check(!job.error().message.empty(), "rejection without a message");
    return 0;
  }
  Check(jobs::Validate(*job).ok(), "accepted body fails Validate", text);
  for (const auto& role : job->roles) {
    bool known = false;
    for (const auto& r : Roles()) known = known || r.slug == role;
    Check(known, "job names an unknown role", role);
  }
  boost::json::object out = jobs::ToApiJson(*job, "2026-12-01T00:00:00Z");
  const std::string serialised = boost::json::serialize(out);
  for (const char* read_only : {"id", "sample", "expired", "url"}) out.erase(read_only);
  const boost::json::value reparsed = boost::json::parse(boost::json::serialize(out), ec);
  Check(!ec, "ToApiJson output does not parse", serialised);
  auto back = jobs::FromApiJson(reparsed, Roles(), default_id);
  Check(back.ok(), "ToApiJson output is not accepted again",
        back.ok() ? serialised : back.error().message + " in " + serialised);
  Check(*back == *job, "API round trip changed the job", serialised);
  return 0;
}
