// SPDX-License-Identifier: Apache-2.0
#include "practice/sealed_json.h"

namespace starprep::practice {
namespace json = boost::json;

store::Sealed SealJson(const auth::Keyring& keyring, store::SealedKind kind, std::int64_t user_id,
                       const json::object& payload) {
  return keyring.Seal(json::serialize(payload), auth::SealedContext(kind, user_id));
}

Result<json::object> OpenJson(auth::Keyring& keyring, store::SealedKind kind, std::int64_t user_id,
                              const store::Sealed& sealed, std::string_view record) {
  auto plain = keyring.Open(sealed, auth::SealedContext(kind, user_id));
  if (!plain) return plain.error();
  json::error_code ec;
  json::value payload = json::parse(*plain, ec);
  if (ec || !payload.is_object()) return Error{ErrorCode::kInternal, std::string(record) + " holds malformed JSON"};
  return std::move(payload.as_object());
}

std::string StringMember(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
}

}  // namespace starprep::practice
