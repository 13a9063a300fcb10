// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/rank.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

namespace starprep::store::sqlite {
namespace {

// FTS5's extension interface (sqlite's fts5.h, which Debian's libsqlite3-dev does not ship): the
// leading members of its two structs, in their documented order, as far as we use them. Both are
// append-only across SQLite versions (iVersion says how far they go; 2 has everything here).
extern "C" {
struct Fts5Context;
struct Fts5ExtensionApi;
using Fts5Function = void (*)(const Fts5ExtensionApi*, Fts5Context*, sqlite3_context*, int, sqlite3_value**);
struct Fts5ExtensionApi {
  int iVersion;
  void* (*xUserData)(Fts5Context*);
  int (*xColumnCount)(Fts5Context*);
  int (*xRowCount)(Fts5Context*, sqlite3_int64* rows);
  int (*xColumnTotalSize)(Fts5Context*, int column, sqlite3_int64* tokens);
  int (*xTokenize)(Fts5Context*, const char*, int, void*, int (*)(void*, int, const char*, int, int, int));
  int (*xPhraseCount)(Fts5Context*);
  int (*xPhraseSize)(Fts5Context*, int phrase);
  int (*xInstCount)(Fts5Context*, int* instances);
  int (*xInst)(Fts5Context*, int index, int* phrase, int* column, int* offset);
  sqlite3_int64 (*xRowid)(Fts5Context*);
  int (*xColumnText)(Fts5Context*, int column, const char** text, int* bytes);
  int (*xColumnSize)(Fts5Context*, int column, int* tokens);
  int (*xQueryPhrase)(Fts5Context*, int phrase, void*, int (*)(const Fts5ExtensionApi*, Fts5Context*, void*));
  int (*xSetAuxdata)(Fts5Context*, void* data, void (*destroy)(void*));
  void* (*xGetAuxdata)(Fts5Context*, int clear);
};
struct fts5_api {
  int iVersion;
  int (*xCreateTokenizer)(fts5_api*, const char*, void*, void*, void (*)(void*));
  int (*xFindTokenizer)(fts5_api*, const char*, void**, void*);
  int (*xCreateFunction)(fts5_api*, const char* name, void* user_data, Fts5Function, void (*destroy)(void*));
};
}

// What bm25 computes once per statement (its first row): the phrases' IDF and the average row
// length, plus the per-row frequency buffer.
struct Bm25Data {
  double avgdl = 0;
  std::vector<double> idf;
  std::vector<double> freq;
};

void DeleteBm25Data(void* data) {
  delete static_cast<Bm25Data*>(data);
}

// The per-statement data, computed on the statement's first row; null after reporting an error.
Bm25Data* DataFor(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (auto* data = static_cast<Bm25Data*>(api->xGetAuxdata(fts, 0))) return data;
  const auto* counts =
      argc > 0 ? static_cast<const PhraseDocs*>(sqlite3_value_pointer(argv[0], kPhraseDocsType)) : nullptr;
  const int phrases = api->xPhraseCount(fts);
  if (counts == nullptr || counts->docs.size() != static_cast<std::size_t>(phrases)) {
    sqlite3_result_error(ctx, "starprep_bm25: the document counts do not match the expression's phrases", -1);
    return nullptr;
  }
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return nullptr;
  }
  auto data = std::make_unique<Bm25Data>();
  data->avgdl = static_cast<double>(tokens) / static_cast<double>(rows);
  data->freq.assign(static_cast<std::size_t>(phrases), 0.0);
  for (const std::int64_t hits : counts->docs) {
    // IDF = log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 (negative when n > N / 2): bm25's.
    double idf = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    data->idf.push_back(idf);
  }
  Bm25Data* raw = data.release();
  if (rc = api->xSetAuxdata(fts, raw, &DeleteBm25Data); rc != SQLITE_OK) {  // deletes `raw` on failure
    sqlite3_result_error_code(ctx, rc);
    return nullptr;
  }
  return raw;
}

void Bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  constexpr double k1 = 1.2;
  constexpr double b = 0.75;
  Bm25Data* data = DataFor(api, fts, ctx, argc, argv);
  if (data == nullptr) return;
  std::fill(data->freq.begin(), data->freq.end(), 0.0);
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) {
      // Weights follow the counts: argv[1 + column], 1.0 for a column without one.
      const double w = argc > column + 1 ? sqlite3_value_double(argv[column + 1]) : 1.0;
      data->freq[static_cast<std::size_t>(phrase)] += w;
    }
  }
  int row_tokens = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double d = static_cast<double>(row_tokens);
  double score = 0.0;
  for (std::size_t i = 0; i < data->idf.size(); ++i)
    score += data->idf[i] * ((data->freq[i] * (k1 + 1.0)) / (data->freq[i] + k1 * (1 - b + b * d / data->avgdl)));
  sqlite3_result_double(ctx, -1.0 * score);
}

}  // namespace

Status RegisterRank(Connection& conn) {
  fts5_api* api = nullptr;
  auto stmt = Statement::Prepare(conn, "SELECT fts5(?1)");
  if (!stmt) return stmt.error();
  stmt->Bind(Pointer{static_cast<void*>(&api), "fts5_api_ptr"});
  if (auto row = stmt->Step(); !row) return row.error();
  if (api == nullptr || api->iVersion < 2)
    return Error{ErrorCode::kInternal, "this SQLite's FTS5 has no extension interface (version 2 or later)"};
  if (api->xCreateFunction(api, "starprep_bm25", nullptr, &Bm25, nullptr) != SQLITE_OK)
    return Error{ErrorCode::kInternal, std::string("cannot register starprep_bm25: ") + sqlite3_errmsg(conn.handle())};
  return {};
}

}  // namespace starprep::store::sqlite
