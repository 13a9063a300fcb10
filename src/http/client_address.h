// SPDX-License-Identifier: Apache-2.0
#pragma once
// The client's address behind trusted reverse proxies (HAProxy, a CDN).
//
// Behind a load balancer every connection comes from the balancer, so per-address limits (sign-in
// attempts, the address lockout, the coach's rate limit) would count all clients together. A
// proxy we trust appends the address it received the request from to `X-Forwarded-For`; anyone
// else may send that header too, so only hops added by trusted proxies are believed: walking the
// list from the right (the nearest hop) while the current hop is a trusted proxy, the first
// untrusted address is the client. A malformed hop stops the walk at the last address known good.
// Pure; no allocation beyond the result.

#include <span>
#include <string>
#include <string_view>

namespace starprep::http {

struct Request;

// True when `text` is an IPv4 or IPv6 address literal (no port, no brackets, no zone).
bool IsIpLiteral(std::string_view text);

// The client address of a request that arrived from `peer`, given the comma-separated hops of its
// X-Forwarded-For headers in order (`forwarded_for`: all header values joined with ","), and the
// proxies we trust (IP literals, compared exactly). With no trusted proxies, or a peer that is not
// one of them, the peer itself.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          std::span<const std::string> trusted_proxies);

// ClientAddress for `req` (its X-Forwarded-For headers) arriving from `peer`.
std::string ClientAddressOf(const Request& req, std::string_view peer, std::span<const std::string> trusted_proxies);

}  // namespace starprep::http
