// SPDX-License-Identifier: Apache-2.0
#pragma once
// The `code` of every JSON error the service answers ({"error": {"code": ..., "message": ...}}):
// one name per meaning, used by every handler through these constants, and listed with their
// meaning in docs/openapi.json (schema Error, property `code`; a unit test keeps the two equal).
// A code is part of the API: rename one only with a new API version.

#include <array>
#include <string_view>

namespace starprep::http::codes {

inline constexpr char kBadRequest[] = "bad_request";               // 400: malformed HTTP or request target
inline constexpr char kBadForm[] = "bad_form";                     // 400: an HTML form body that does not decode
inline constexpr char kInvalidArgument[] = "invalid_argument";     // 400: a bad query parameter or field value
inline constexpr char kInvalidJson[] = "invalid_json";             // 400: a body that is not the JSON expected
inline constexpr char kInvalidField[] = "invalid_field";           // 400: a JSON field with a wrong type or value
inline constexpr char kUnauthenticated[] = "unauthenticated";      // 401: no valid credentials
inline constexpr char kForbidden[] = "forbidden";                  // 403: credentials that may not do this
inline constexpr char kCsrf[] = "csrf";                            // 403: a missing or wrong CSRF token
inline constexpr char kNotFound[] = "not_found";                   // 404
inline constexpr char kMethodNotAllowed[] = "method_not_allowed";  // 405 (with Allow)
inline constexpr char kConflict[] = "conflict";                    // 409
inline constexpr char kGone[] = "gone";                            // 410: an expired job
inline constexpr char kTooLarge[] = "too_large";                   // 413: a text over its documented limit
inline constexpr char kBodyTooLarge[] = "body_too_large";          // 413: a request body over the server's limit
inline constexpr char kUnsupportedMediaType[] = "unsupported_media_type";  // 415
inline constexpr char kRateLimited[] = "rate_limited";                     // 429 (with Retry-After)
inline constexpr char kHeadersTooLarge[] = "headers_too_large";            // 431
inline constexpr char kInternal[] = "internal";                        // 500 (logged, with a request id when routed)
inline constexpr char kUnavailable[] = "unavailable";                  // 503: a dependency failed or is full; retry
inline constexpr char kBusy[] = "busy";                                // 503: the password workers are all busy; retry
inline constexpr char kStarting[] = "starting";                        // 503: start-up in progress; retry
inline constexpr char kTooManyConnections[] = "too_many_connections";  // 503: the per-address connection cap

// Every code above, for checks such as "each is documented".
inline constexpr std::array<std::string_view, 22> kAll = {kBadRequest,
                                                          kBadForm,
                                                          kInvalidArgument,
                                                          kInvalidJson,
                                                          kInvalidField,
                                                          kUnauthenticated,
                                                          kForbidden,
                                                          kCsrf,
                                                          kNotFound,
                                                          kMethodNotAllowed,
                                                          kConflict,
                                                          kGone,
                                                          kTooLarge,
                                                          kBodyTooLarge,
                                                          kUnsupportedMediaType,
                                                          kRateLimited,
                                                          kHeadersTooLarge,
                                                          kInternal,
                                                          kUnavailable,
                                                          kBusy,
                                                          kStarting,
                                                          kTooManyConnections};

}  // namespace starprep::http::codes
