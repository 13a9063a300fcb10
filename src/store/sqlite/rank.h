// SPDX-License-Identifier: Apache-2.0
#pragma once
// starprep_bm25: FTS5's bm25() ranking with each phrase's document count given by the caller
// (docs/search.md, "Speed"). FTS5's own bm25() counts them itself on its first row of every
// statement, walking each phrase's whole doclist (xQueryPhrase): 6 ms of CPU for a word in most
// postings at 100,000 postings, 24 ms for an OR of nine common words, paid by every statement of
// every search. The search already knows those counts (the phrases' document sets,
// search_docs.h), so it passes them in.
//
//   starprep_bm25(search_index, counts, w0, w1, ...)
//
// `counts`: a PhraseDocs bound with Pointer{&docs, kPhraseDocsType}, one count per phrase of the
// statement's MATCH expression in FTS5's order (search::Fts5Tree::phrases); w0...: the column
// weights, as bm25's. The value is bm25's for the same counts, bit for bit (the same formula in
// the same order: k1 = 1.2, b = 0.75, IDF floored at 1e-6; lower is better). A count list of
// another length than the expression's phrases is an error (the statement fails), never a guess.

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace starprep::store::sqlite {

struct PhraseDocs {
  std::vector<std::int64_t> docs;  // per phrase: the documents matching it (of the whole table)
};
inline constexpr const char* kPhraseDocsType = "starprep_phrase_docs";

// Registers starprep_bm25 on `conn` (once per connection: FTS5 keeps a list of its functions).
Status RegisterRank(Connection& conn);

}  // namespace starprep::store::sqlite
