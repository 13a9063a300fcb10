// SPDX-License-Identifier: Apache-2.0
#include "store/codec.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <string_view>

#include "jobs/jsonld.h"
#include "jobs/roles.h"
#include "search/query.h"
#include "store/store.h"

namespace starprep::store {

std::string EncodeStringList(const std::vector<std::string>& items) {
  boost::json::array array;
  array.reserve(items.size());
  for (const auto& item : items) array.emplace_back(boost::json::string_view(item.data(), item.size()));
  return boost::json::serialize(array);
}

std::optional<std::vector<std::string>> DecodeStringList(const std::string& json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_array()) return std::nullopt;
  std::vector<std::string> items;
  for (const auto& item : value.get_array()) {
    if (!item.is_string()) return std::nullopt;
    items.emplace_back(item.get_string().data(), item.get_string().size());
  }
  return items;
}

std::string EncodeStarParts(const std::array<int, 4>& parts) {
  return boost::json::serialize(boost::json::array{parts[0], parts[1], parts[2], parts[3]});
}

std::optional<std::array<int, 4>> DecodeStarParts(const std::string& json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_array() || value.get_array().size() != 4) return std::nullopt;
  std::array<int, 4> parts{};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!value.get_array()[i].is_int64()) return std::nullopt;
    parts[i] = static_cast<int>(value.get_array()[i].get_int64());
  }
  return parts;
}

namespace {

class Fnv1a64 {
 public:
  void Bytes(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
  }
  // Length-prefixed, so ("ab","c") and ("a","bc") differ.
  void Field(std::string_view text) {
    Number(text.size());
    Bytes(text);
  }
  void Number(std::uint64_t n) {
    for (int i = 0; i < 8; ++i) {
      char byte = static_cast<char>((n >> (8 * i)) & 0xff);
      Bytes(std::string_view(&byte, 1));
    }
  }
  void List(const std::vector<std::string>& items) {
    Number(items.size());
    for (const auto& item : items) Field(item);
  }
  std::string Hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(hash_ >> (4 * i)) & 0xf];
    return out;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string ContentHash(const content::Question& q, const std::string& role_slug) {
  Fnv1a64 h;
  h.Field("starprep.question.v1");
  h.Field(q.id);
  h.Field(role_slug);
  h.Number(static_cast<std::uint64_t>(static_cast<std::int64_t>(q.position)));
  h.Field(q.slug);
  h.Field(q.question);
  h.List(q.competencies);
  h.Field(q.kind);
  h.Field(q.updated);
  h.Field(q.why_md);
  h.List(q.dos);
  h.List(q.donts);
  h.Field(q.answer.situation);
  h.Field(q.answer.task);
  h.Field(q.answer.action);
  h.Field(q.answer.result);
  return h.Hex();
}

std::string PackHash(const content::Pack& pack) {
  std::string all;
  for (const content::Role& role : pack.roles) {
    for (const std::string* f : {&role.slug, &role.title, &role.summary, &role.updated, &role.intro_md}) {
      all += std::to_string(f->size()) + ":" + *f;
    }
    all += EncodeStringList(role.skills);
    for (const content::Question& q : role.questions) all += ContentHash(q, role.slug);
  }
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(all.data()), all.size(), nullptr, 0);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string EncodeOffices(const std::vector<jobs::Place>& offices) {
  boost::json::array a;
  for (const auto& p : offices)
    a.push_back(boost::json::array{boost::json::string(p.locality), boost::json::string(p.region),
                                   boost::json::string(p.country)});
  return boost::json::serialize(a);
}

std::optional<std::vector<jobs::Place>> DecodeOffices(const std::string& json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return std::nullopt;
  std::vector<jobs::Place> out;
  for (const auto& item : v.as_array()) {
    if (!item.is_array() || item.as_array().size() != 3) return std::nullopt;
    const auto& a = item.as_array();
    if (!a[0].is_string() || !a[1].is_string() || !a[2].is_string()) return std::nullopt;
    out.push_back({std::string(a[0].as_string()), std::string(a[1].as_string()), std::string(a[2].as_string())});
  }
  return out;
}

std::string JobHash(const jobs::Job& job) {
  std::string all = boost::json::serialize(jobs::ToJsonLd(job)) + EncodeStringList(job.roles);
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(all.data()), all.size(), nullptr, 0);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::vector<std::string> DecodeBarList(std::string_view bars) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < bars.size()) {
    std::size_t end = bars.find('|', start);
    if (end == std::string_view::npos) end = bars.size();
    if (end > start) out.emplace_back(bars.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void CountFacets(SearchFacets& facets, std::string_view type, std::string_view roles, std::string_view kind,
                 std::string_view competencies, std::string_view remote, int documents) {
  facets.type[std::string(type)] += documents;
  for (auto& role : DecodeBarList(roles)) facets.role[std::move(role)] += documents;
  if (!kind.empty()) facets.kind[std::string(kind)] += documents;
  for (auto& c : DecodeBarList(competencies)) facets.competency[std::move(c)] += documents;
  if (!remote.empty()) facets.remote[std::string(remote)] += documents;
}

SearchHit SearchHitFrom(std::string type, std::string id, std::string slug, std::string_view roles, std::string title,
                        std::string_view marked_snippet) {
  SearchHit hit;
  hit.type = std::move(type);
  hit.id = std::move(id);
  hit.slug = std::move(slug);
  const auto listed = DecodeBarList(roles);
  if (!listed.empty() && listed.front() != jobs::kOtherRole) hit.role = listed.front();
  hit.title = std::move(title);
  hit.snippet = search::SplitSnippet(marked_snippet);
  return hit;
}

Result<std::vector<std::int64_t>> CheckCommentStateChange(const CommentStateChange& change) {
  if (change.state != kCommentOpen && change.state != kCommentAddressed && change.state != kCommentHidden)
    return Error{ErrorCode::kInvalidArgument, "unknown comment state \"" + change.state + "\""};
  std::vector<std::int64_t> ids = change.ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return Error{ErrorCode::kInvalidArgument, "no comments chosen"};
  if (ids.front() < 1) return Error{ErrorCode::kInvalidArgument, "comment ids are positive"};
  return ids;
}

}  // namespace starprep::store
