// SPDX-License-Identifier: Apache-2.0
#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "http/message.h"

namespace starprep::http {
namespace {

bool Trusted(std::string_view address, std::span<const std::string> trusted) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

bool IsIpLiteral(std::string_view text) {
  // At most INET6_ADDRSTRLEN - 1 characters, and no NUL (inet_pton would stop there).
  if (text.empty() || text.size() > 45 || text.find('\0') != std::string_view::npos) return false;
  std::array<char, 46> z{};
  std::copy(text.begin(), text.end(), z.begin());
  std::array<unsigned char, 16> out{};
  return inet_pton(AF_INET, z.data(), out.data()) == 1 || inet_pton(AF_INET6, z.data(), out.data()) == 1;
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          std::span<const std::string> trusted_proxies) {
  std::string_view current = peer;
  std::string_view rest = forwarded_for;
  while (Trusted(current, trusted_proxies) && !rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view hop = TrimOws(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (hop.empty()) continue;     // "a, , b": an empty element is no hop
    if (!IsIpLiteral(hop)) break;  // a forged or broken hop: stop at the last good one
    current = hop;
  }
  return std::string(current);
}

std::string ClientAddressOf(const Request& req, std::string_view peer, std::span<const std::string> trusted_proxies) {
  if (trusted_proxies.empty()) return std::string(peer);
  std::string joined;
  for (const auto& [name, value] : req.headers)
    if (name == "x-forwarded-for") {
      if (!joined.empty()) joined += ',';
      joined += value;
    }
  return ClientAddress(peer, joined, trusted_proxies);
}

}  // namespace starprep::http
