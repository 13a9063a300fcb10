// SPDX-License-Identifier: Apache-2.0
#pragma once
// GET /progress: the signed-in candidate's progress. Score over time and STAR part strengths as
// server-side SVG charts (with a data table as their text alternative), coverage of each role's
// questions and competencies, the practice streak, and the best score per question.

#include "http/router.h"
#include "practice/journal.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

// At most this many of the newest attempts feed the page's statistics.
inline constexpr int kMaxProgressAttempts = 2000;
// The charts and their table show this many of the newest attempts.
inline constexpr std::size_t kChartAttempts = 30;

class ProgressPages {
 public:
  ProgressPages(store::Store& store, const SessionGate& gate, practice::Journal& journal)
      : store_(store), gate_(gate), journal_(journal) {}

  void Register(http::Router& router);

 private:
  http::Response Progress(http::Request& req);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Journal& journal_;
};

}  // namespace starprep::web
