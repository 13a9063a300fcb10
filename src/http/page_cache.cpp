// SPDX-License-Identifier: Apache-2.0
#include "http/page_cache.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <stdexcept>

#include "http/csrf.h"

namespace starprep::http {
namespace {

// Raw deflate of `in`; a sync flush keeps the stream open and byte-aligned, a finish ends it.
std::string Deflate(std::string_view in, bool finish) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, in.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, finish ? Z_FINISH : Z_SYNC_FLUSH);
  if (rc != (finish ? Z_STREAM_END : Z_OK)) {
    deflateEnd(&zs);
    throw std::runtime_error("deflate");
  }
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::uint32_t Crc(std::string_view s) {
  return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

std::string HexHash(std::string_view s, std::size_t bytes) {
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(s.data()), s.size(), nullptr, 0);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), h, bytes);
  hex.pop_back();
  return hex;
}

const Bytes& GzipHeader() {
  static const Bytes header =
      std::make_shared<const std::string>(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10));
  return header;
}

void PutLe32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

}  // namespace

PageFile::~PageFile() {
  if (fd >= 0) ::close(fd);
}

namespace {

// Writes every piece into one memfd and records their offsets; on failure leaves `page.file` null
// and the offsets empty (the server then writes from memory).
void AttachFile(CachedPage& page) {
  auto file = std::make_shared<PageFile>();
  file->fd = ::memfd_create("starprep-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (file->fd < 0) return;
  std::vector<std::int64_t> part_offsets, deflated_offsets;
  std::int64_t offset = 0;
  auto append = [&](const Bytes& piece, std::vector<std::int64_t>& offsets) {
    offsets.push_back(offset);
    for (std::size_t done = 0; done < piece->size();) {
      ssize_t n = ::pwrite(file->fd, piece->data() + done, piece->size() - done, offset + done);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    offset += static_cast<std::int64_t>(piece->size());
    return true;
  };
  for (const auto& p : page.parts)
    if (!append(p, part_offsets)) return;
  for (const auto& d : page.deflated)
    if (!append(d, deflated_offsets)) return;
  ::fcntl(file->fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  page.file = std::move(file);
  page.part_offsets = std::move(part_offsets);
  page.deflated_offsets = std::move(deflated_offsets);
}

}  // namespace

std::string FillTokenSlots(std::string html, std::string_view token) {
  for (auto at = html.find(kTokenSlot); at != std::string::npos; at = html.find(kTokenSlot, at + token.size()))
    html.replace(at, kTokenSlot.size(), token);
  return html;
}

std::shared_ptr<const CachedPage> BuildPage(const std::string& rendered, std::string content_type) {
  auto page = std::make_shared<CachedPage>();
  page->content_type = std::move(content_type);
  page->etag = HexHash(rendered, 12);
  std::string_view rest = rendered;
  std::vector<std::string_view> pieces;
  for (;;) {
    auto pos = rest.find(kTokenSlot);
    pieces.push_back(rest.substr(0, pos));
    if (pos == std::string_view::npos) break;
    rest = rest.substr(pos + kTokenSlot.size());
  }
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    bool last = i + 1 == pieces.size();
    page->parts.push_back(std::make_shared<const std::string>(pieces[i]));
    page->deflated.push_back(std::make_shared<const std::string>(Deflate(pieces[i], last)));
    page->crcs.push_back(Crc(pieces[i]));
    page->crc_ops.push_back(crc32_combine_gen(static_cast<z_off_t>(pieces[i].size())));
  }
  page->token_crc_op = crc32_combine_gen(static_cast<z_off_t>(kCsrfTokenChars));
  AttachFile(*page);
  return page;
}

Response ServePage(const CachedPage& page, const Request& req, std::string_view token) {
  const std::size_t slots = page.parts.size() - 1;
  bool gzip = req.AcceptsGzip();
  std::string etag;
  etag.reserve(48);
  etag += '"';
  etag += page.etag;
  if (slots > 0) {
    // The token identifies the visitor's variant; ETags only go back to the token's owner.
    etag += '-';
    etag += token;
  }
  etag += gzip ? "-gz\"" : "\"";
  Response resp;
  resp.headers.reserve(16);  // these, the security headers and a few a handler may add
  const bool not_modified = EtagMatches(req.Header("if-none-match"), etag);
  resp.AddHeader("Content-Type", page.content_type);
  resp.AddHeader("ETag", std::move(etag));
  resp.AddHeader("Vary", "Accept-Encoding, Cookie");
  resp.AddHeader("Cache-Control", slots > 0 ? "private, no-cache" : "public, no-cache");
  if (not_modified) {
    resp.status = 304;
    return resp;
  }
  const std::size_t pieces = gzip ? 2 * page.parts.size() + 1 : 2 * page.parts.size() - 1;
  resp.body.reserve(pieces);
  resp.body_files.reserve(pieces);
  auto token_bytes = std::make_shared<const std::string>(token);
  const int fd = page.file ? page.file->fd : -1;
  resp.body_owner = page.file;
  auto add = [&resp, fd](const Bytes& piece, std::int64_t offset) {
    resp.body.push_back(piece);
    resp.body_files.push_back({offset < 0 ? -1 : fd, offset});
  };
  if (!gzip) {
    for (std::size_t i = 0; i < page.parts.size(); ++i) {
      if (i > 0) add(token_bytes, -1);
      add(page.parts[i], fd >= 0 ? page.part_offsets[i] : -1);
    }
    return resp;
  }
  resp.AddHeader("Content-Encoding", "gzip");
  // The token as a stored (uncompressed) deflate block, between sync-flushed pieces.
  std::string stored;
  if (token.size() > 0xffff) throw std::logic_error("token too long for one stored deflate block");
  if (slots > 0) {
    auto n = static_cast<std::uint16_t>(token.size());
    stored = {'\0', static_cast<char>(n & 0xff), static_cast<char>(n >> 8), static_cast<char>(~n & 0xff),
              static_cast<char>((~n >> 8) & 0xff)};
    stored += token;
  }
  auto stored_bytes = std::make_shared<const std::string>(std::move(stored));
  std::uint32_t crc = page.crcs[0];
  std::uint64_t total = page.parts[0]->size();
  std::uint32_t token_crc = Crc(token);
  uLong token_op =
      token.size() == kCsrfTokenChars ? page.token_crc_op : crc32_combine_gen(static_cast<z_off_t>(token.size()));
  add(GzipHeader(), -1);
  add(page.deflated[0], fd >= 0 ? page.deflated_offsets[0] : -1);
  for (std::size_t i = 1; i < page.parts.size(); ++i) {
    add(stored_bytes, -1);
    add(page.deflated[i], fd >= 0 ? page.deflated_offsets[i] : -1);
    crc = static_cast<std::uint32_t>(crc32_combine_op(crc, token_crc, token_op));
    crc = static_cast<std::uint32_t>(crc32_combine_op(crc, page.crcs[i], page.crc_ops[i]));
    total += token.size() + page.parts[i]->size();
  }
  std::string trailer;
  PutLe32(trailer, crc);
  PutLe32(trailer, static_cast<std::uint32_t>(total & 0xffffffffu));
  add(std::make_shared<const std::string>(std::move(trailer)), -1);
  return resp;
}

std::shared_ptr<const CachedPage> PageCache::Get(const std::string& key, std::uint64_t& generation) {
  std::lock_guard lock(mu_);
  generation = generation_;
  auto it = pages_.find(key);
  if (it == pages_.end()) {
    metrics_.CacheMiss();
    return nullptr;
  }
  metrics_.CacheHit();
  return it->second;
}

std::shared_ptr<const CachedPage> PageCache::Peek(const std::string& key, std::uint64_t& generation) {
  std::lock_guard lock(mu_);
  generation = generation_;
  auto it = pages_.find(key);
  return it == pages_.end() ? nullptr : it->second;
}

void PageCache::Put(const std::string& key, std::shared_ptr<const CachedPage> page, std::uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation == generation_) pages_[key] = std::move(page);
}

void PageCache::Invalidate(const std::string& key) {
  std::lock_guard lock(mu_);
  ++generation_;
  pages_.erase(key);
  const std::string variants = key + kVariantSeparator;
  std::erase_if(pages_, [&variants](const auto& entry) { return entry.first.starts_with(variants); });
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  ++generation_;
  pages_.clear();
}

}  // namespace starprep::http
