// SPDX-License-Identifier: Apache-2.0
#pragma once
// In-memory cache of rendered pages, served without copying.
//
// A page is rendered once, with kTokenSlot marking where a per-visitor CSRF token goes. The cache
// stores the page split at those slots, in identity form and as independently deflated pieces.
// Serving a page builds a response whose body points at the shared pieces plus the visitor's
// token (and, for gzip, a stored deflate block for the token and a gzip header/trailer whose
// CRC is combined from the pieces' CRCs): no per-request copy or compression of the page.
// ETags are strong and per (page version, visitor token, encoding).
//
// Invalidate()/Clear() bump a generation; a render that began before an invalidation is not
// inserted (see Begin/Put), so stale pages are never cached. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.h"
#include "http/metrics.h"

namespace starprep::http {

inline constexpr std::string_view kTokenSlot =
    "\x1e"
    "csrf-token"
    "\x1e";

// A page may be cached in variants (e.g. the site header for signed-in browsers) under
// VariantKey(key, variant); Invalidate(key) drops the page and all its variants.
inline constexpr char kVariantSeparator = '\x1f';
inline std::string VariantKey(const std::string& key, std::string_view variant) {
  return key + kVariantSeparator + std::string(variant);
}

// A sealed in-memory file (memfd) with a page's pieces, for sendfile(2). Closes on destruction.
struct PageFile {
  int fd = -1;
  PageFile() = default;
  PageFile(const PageFile&) = delete;
  PageFile& operator=(const PageFile&) = delete;
  ~PageFile();
};

struct CachedPage {
  std::string content_type;
  std::shared_ptr<const PageFile> file;    // holds parts then deflated pieces; null if unavailable
  std::vector<std::int64_t> part_offsets;  // offset of each part in `file`
  std::vector<std::int64_t> deflated_offsets;
  std::string etag;                    // quoted-less hash of the page bytes
  std::vector<Bytes> parts;            // identity pieces around the token slots
  std::vector<Bytes> deflated;         // raw deflate of each piece (all but last end with a sync flush)
  std::vector<std::uint32_t> crcs;     // CRC-32 of each piece
  std::vector<std::uint64_t> crc_ops;  // crc32_combine_gen(piece length), per piece
  std::uint64_t token_crc_op = 0;      // crc32_combine_gen(kCsrfTokenChars)
};

// `html` with every kTokenSlot replaced by `token` (pure). An anonymous public page fills its slots
// with "" so that it is the same bytes for every visitor (a form's token is fetched on first use,
// or the form is checked by origin: web/session_gate.h FormGenuine).
std::string FillTokenSlots(std::string html, std::string_view token);

// Builds a CachedPage from rendered bytes (pure; used by the cache and by uncached pages).
std::shared_ptr<const CachedPage> BuildPage(const std::string& rendered, std::string content_type);

// Response for `page` with `token` in every slot; honours If-None-Match and Accept-Encoding.
Response ServePage(const CachedPage& page, const Request& req, std::string_view token);

class PageCache {
 public:
  explicit PageCache(Metrics& metrics) : metrics_(metrics) {}

  // Returns the cached page for `key` (counts a hit) or nullptr (counts a miss) together with
  // the generation to pass to Put().
  std::shared_ptr<const CachedPage> Get(const std::string& key, std::uint64_t& generation);
  // Like Get() but counts nothing (for a second look after waiting to render).
  std::shared_ptr<const CachedPage> Peek(const std::string& key, std::uint64_t& generation);
  // Caches `page` unless the cache was invalidated since `generation`.
  void Put(const std::string& key, std::shared_ptr<const CachedPage> page, std::uint64_t generation);
  // Drops `key` and every VariantKey(key, ...).
  void Invalidate(const std::string& key);
  void Clear();

 private:
  Metrics& metrics_;
  std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;
};

}  // namespace starprep::http
