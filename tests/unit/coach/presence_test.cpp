// SPDX-License-Identifier: Apache-2.0
// The presence rule on the shipped model: a complete answer is not reported as missing a part,
// and an answer without its situation, task, action or result names exactly that part, on
// answers in different voices and professions. These guard against a coach that cries wolf or
// stops noticing gaps (the held-out quality floor, `coach eval --check`, measures the rates).

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>

#include "coach/coach.h"

namespace starprep::coach {
namespace {

struct Story {
  const char* voice;
  std::array<const char*, kStarCount> parts;  // situation, task, action, result
  const char* join = " ";                     // between parts
};

const Story kStories[] = {
    {"engineer, first person, past tense",
     {"Last spring the checkout service at our ticketing company started timing out for about 3% of buyers "
      "during big on-sales.",
      "I was the engineer on call, so it was my job to find the cause before the next sale on Friday.",
      "I traced the slow requests, found that every seat lookup opened its own database connection, and moved "
      "the lookups into one batched query. I also added a load test that replays the last on-sale.",
      "Timeouts fell to 0.1%, p99 latency dropped from 2.4 s to 310 ms, and the Friday sale sold out without an "
      "incident."}},
    {"nurse, British spelling",
     {"On a busy night shift on a surgical ward last winter, two of our five nurses rang in sick and we had "
      "three post-operative patients due back from theatre.",
      "As the nurse in charge, I had to keep every patient safe and get the observations done on time with the "
      "staff I had.",
      "I rang the site manager and got a bank nurse for the second half of the shift, re-organised the bays so "
      "the sickest patients were nearest the station, and asked a healthcare assistant to take over the routine "
      "observations while I did the medication rounds.",
      "Every patient's observations were recorded on time that night, nobody came to harm, and the ward manager "
      "used my bay plan as the template for short-staffed shifts afterwards."}},
    {"salesperson, mostly \"we\"",
     {"Our biggest account, a chain of forty garden centres, told us in March that they were moving to a cheaper "
      "supplier at the end of the quarter.",
      "My target for the year depended on them, and my manager asked me to keep the account without cutting our "
      "margin.",
      "I visited their head of buying in person, went through their order history with her, and showed that our "
      "late deliveries were the real complaint, not the price. We then agreed a delivery guarantee with penalties "
      "and I set up a weekly call with their logistics lead.",
      "They renewed for two years, their orders grew by 12% the following season, and we have not missed a "
      "delivery window with them since."}},
    {"student, casual lowercase, no final full stop",
     {"in my second year at uni we had a group project for our marketing module and two of the five people in "
      "my group stopped turning up to meetings.",
      "i was the one who had agreed to coordinate the group, so it was on me to get the report finished by the "
      "deadline.",
      "i messaged both of them to ask what was going on, split the remaining work into smaller pieces, gave "
      "everyone a clear deadline a week before the real one, and booked a library room every thursday so we "
      "actually met.",
      "we handed the report in two days early and got a 68, which was one of the best marks in the class, and one "
      "of the two came back and wrote the whole competitor section"}},
    {"teacher, present-tense storytelling",
     {"So it's my second year teaching Year 9 maths, and one class has the lowest results in the year group and a "
      "lot of low-level disruption.",
      "My head of department asks me to lift their end-of-year scores and to get the lessons calm enough to "
      "teach in.",
      "I start every lesson with a five-minute starter on the board so they have something to do straight away, "
      "I move the seating plan, and I phone home for good news as well as bad. I also run a short catch-up "
      "session at lunchtime twice a week.",
      "By the summer their average test score is up by 14 points, the behaviour log for the class halves, and "
      "two parents email the school to say their children like maths again."}},
    {"operations supervisor, a paragraph per part",
     {"At a parcel depot where I supervised the evening shift, about one van in ten was leaving late because "
      "parcels were still being sorted at the loading bay.",
      "The regional manager gave me a month to get departures back on time without extra staff.",
      "I timed every step of the evening sort for a week, moved the two slowest routes to the first sorting "
      "wave, and trained three loaders to sort so they could help during the peak. I also put the departure "
      "board on a screen where every team could see it.",
      "After three weeks, 98% of vans were leaving on time, overtime fell by a fifth, and the other two shifts "
      "copied the new wave plan."},
     "\n\n"},
};

std::string Join(const Story& s, int without = -1) {
  std::string out;
  for (int c = 0; c < kStarCount; ++c) {
    if (c == without) continue;
    if (!out.empty()) out += s.join;
    out += s.parts[c];
  }
  return out;
}

bool Missing(const Report& r, Component c) {
  return std::find(r.missing.begin(), r.missing.end(), c) != r.missing.end();
}

std::string Names(const Report& r) {
  std::string out;
  for (Component c : r.missing) out += std::string(out.empty() ? "" : ", ") + std::string(ComponentName(c));
  return out.empty() ? "nothing" : out;
}

TEST(Presence, CompleteAnswersInManyVoicesAreNotFlagged) {
  for (const Story& s : kStories) {
    const Report r = Analyze(EmbeddedModel(), Join(s), {});
    EXPECT_TRUE(r.missing.empty()) << s.voice << ": reported missing " << Names(r);
    for (int c = 0; c < kStarCount; ++c) EXPECT_TRUE(r.components[c].present) << s.voice << " part " << c;
  }
}

// 24 trials (six answers, each part removed in turn). The model is not perfect, so the test
// counts: each part must be named in at least five of its six trials, and at most two trials in
// all may miss the removed part or name another one as well.
TEST(Presence, EachRemovedPartIsNamedAndNothingElse) {
  std::array<int, kStarCount> named{};
  int clean = 0;
  std::string misses;
  for (const Story& s : kStories) {
    for (int c = 0; c < kStarCount; ++c) {
      const auto part = static_cast<Component>(c);
      const Report r = Analyze(EmbeddedModel(), Join(s, c), {});
      const bool ok = Missing(r, part) && !r.components[c].present;
      named[c] += ok;
      clean += ok && r.missing.size() == 1;
      if (!ok || r.missing.size() != 1)
        misses += std::string("\n  ") + s.voice + " without its " + std::string(ComponentName(part)) +
                  ": reported missing " + Names(r);
    }
  }
  for (int c = 0; c < kStarCount; ++c)
    EXPECT_GE(named[c], 5) << ComponentName(static_cast<Component>(c)) << " named in " << named[c] << " of 6" << misses;
  EXPECT_GE(clean, 22) << clean << " of 24 trials named exactly the removed part" << misses;
}

}  // namespace
}  // namespace starprep::coach
