// SPDX-License-Identifier: Apache-2.0
#pragma once
// schema.org JobPosting JSON-LD <-> Job. Pure functions.
//
// Accepted documents (as found on real job pages and in feeds):
//   - one JSON value: a JobPosting object, an array of them, or an object with "@graph"
//     (nested arrays and graphs are walked too);
//   - NDJSON: one JSON value per line;
//   - an HTML page: every <script type="application/ld+json"> block in it.
// Nodes whose @type is something else (WebPage, Organization, BreadcrumbList, ...) are ignored.
// Each JobPosting is mapped (nested Organization, Place/PostalAddress, MonetaryAmount with a
// QuantitativeValue, jobLocationType TELECOMMUTE, applicantLocationRequirements, identifier
// PropertyValue) and validated with jobs::Validate; a posting that fails is rejected with a
// reason and does not stop the others.
//
// Remote policy: jobLocationType TELECOMMUTE without jobLocation is remote-only; TELECOMMUTE with
// a jobLocation is hybrid (the office days happen there); on-site-only postings are rejected.
// Source: identifier.name (else the company name), source id: identifier.value (else the
// posting's own apply link; else, when the link is the page's or the company's, that link plus
// "#" and the title, so two postings of one page or company stay apart).
//
// Apply link: real postings often have no `url` (the page they sit on is the posting). The first
// absolute http(s) link of: `url`, `applicationContact` (its url), `sameAs`, the page's
// <link rel="canonical"> or <meta property="og:url"> (an HTML page only), the page's address given
// by the importer (`jobs import --source-url`), `hiringOrganization.url`. A posting with none of
// them is rejected with that reason.

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "jobs/model.h"
#include "jobs/roles.h"

namespace starprep::jobs {

// Where a posting's apply link came from, in the order they are tried.
enum class ApplyLinkFrom {
  kUrl,                 // the posting's `url`
  kApplicationContact,  // its `applicationContact` (url)
  kSameAs,              // its `sameAs`
  kPageCanonical,       // the HTML page's <link rel="canonical">
  kPageOgUrl,           // the HTML page's <meta property="og:url">
  kSourceUrl,           // PageLinks::source_url (`jobs import --source-url`)
  kOrganizationUrl,     // hiringOrganization.url
};
// "url", "sameAs", "the page's canonical link", ... (for import reports).
std::string_view ApplyLinkFromName(ApplyLinkFrom from);

// What the document around the postings says about where they live. ParseJobPostings fills
// `canonical` and `og_url` from an HTML page itself; the caller gives `source_url`.
struct PageLinks {
  std::string canonical;   // <link rel="canonical" href>
  std::string og_url;      // <meta property="og:url" content>
  std::string source_url;  // the address the document was saved from ("" if unknown)
};

// The canonical link and og:url of an HTML page ("" when absent; entities decoded). Pure.
PageLinks LinksOfPage(std::string_view html);

struct Posting {
  int item = 0;  // 1-based position of the node in the document (every node counts)
  int line = 0;  // NDJSON line, 0 otherwise
  Job job;
  ApplyLinkFrom apply_from = ApplyLinkFrom::kUrl;
};

struct Rejection {
  int item = 0;
  int line = 0;
  std::string reason;
};

struct ParsedFeed {
  std::vector<Posting> postings;
  std::vector<Rejection> rejected;
  int ignored = 0;  // nodes of another @type
};

// Parses a whole document. Roles are assigned with MapRoles(title, skills, roles). `source_url`
// (may be "") is where the document came from: an apply-link fallback (see above).
ParsedFeed ParseJobPostings(std::string_view text, const std::vector<RoleInfo>& roles,
                            const std::string& source_url = "");

// One JobPosting node -> a validated Job (roles mapped), or kInvalidArgument with the reason.
// `page` gives the apply-link fallbacks outside the node; `apply_from` (may be null) is set to
// where the apply link came from.
Result<Job> JobFromJsonLd(const boost::json::object& node, const std::vector<RoleInfo>& roles,
                          const PageLinks& page = {}, ApplyLinkFrom* apply_from = nullptr);

// A Job as a JobPosting with the properties search engines require (title, description,
// datePosted, validThrough, hiringOrganization, jobLocation or TELECOMMUTE with
// applicantLocationRequirements, employmentType, baseSalary, identifier). JobFromJsonLd of the
// result gives back the same job (id aside).
boost::json::object ToJsonLd(const Job& job);

// "item 3" or "item 3 (line 7)".
std::string DescribePosition(int item, int line);

}  // namespace starprep::jobs
