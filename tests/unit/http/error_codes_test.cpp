// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/error_codes.h: every code the server can answer is documented in the
// OpenAPI document's list (schema Error, property code), the list names no other code, and no
// two constants share a name.

#include "http/error_codes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "core/assets.h"

namespace {

using starprep::http::codes::kAll;

// The codes named (in backquotes, before their explanation) in the Error schema's `code` description.
std::set<std::string> DocumentedCodes() {
  auto doc = starprep::assets::Find("docs/openapi.json");
  if (!doc) return {};
  boost::json::value v = boost::json::parse(*doc);
  const std::string description(v.at("components")
                                    .at("schemas")
                                    .at("Error")
                                    .at("properties")
                                    .at("error")
                                    .at("properties")
                                    .at("code")
                                    .at("description")
                                    .as_string());
  const std::string list = description.substr(description.find("Values in use:"));
  std::set<std::string> out;
  const std::regex code("`([a-z_]+)` \\(");
  for (std::sregex_iterator it(list.begin(), list.end(), code), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

TEST(ErrorCodesTest, EveryCodeIsDocumentedAndNothingElse) {
  const std::set<std::string> documented = DocumentedCodes();
  ASSERT_FALSE(documented.empty()) << "docs/openapi.json: no code list found in schema Error";
  std::set<std::string> defined(kAll.begin(), kAll.end());
  for (const auto& c : defined) EXPECT_TRUE(documented.count(c)) << "\"" << c << "\" is not in docs/openapi.json";
  for (const auto& c : documented)
    EXPECT_TRUE(defined.count(c)) << "docs/openapi.json lists \"" << c << "\", which no handler uses";
}

TEST(ErrorCodesTest, NamesAreDistinctAndOnePer401) {
  std::set<std::string_view> unique(kAll.begin(), kAll.end());
  EXPECT_EQ(unique.size(), kAll.size());
  EXPECT_EQ(unique.count("unauthorized"), 0u) << "401 is called unauthenticated everywhere";
}

}  // namespace
