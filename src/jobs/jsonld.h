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
// Source: identifier.name (else the company name), source id: identifier.value (else the url).

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "jobs/model.h"
#include "jobs/roles.h"

namespace starprep::jobs {

struct Posting {
  int item = 0;  // 1-based position of the node in the document (every node counts)
  int line = 0;  // NDJSON line, 0 otherwise
  Job job;
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

// Parses a whole document. Roles are assigned with MapRoles(title, skills, roles).
ParsedFeed ParseJobPostings(std::string_view text, const std::vector<RoleInfo>& roles);

// One JobPosting node -> a validated Job (roles mapped), or kInvalidArgument with the reason.
Result<Job> JobFromJsonLd(const boost::json::object& node, const std::vector<RoleInfo>& roles);

// A Job as a JobPosting with the properties search engines require (title, description,
// datePosted, validThrough, hiringOrganization, jobLocation or TELECOMMUTE with
// applicantLocationRequirements, employmentType, baseSalary, identifier). JobFromJsonLd of the
// result gives back the same job (id aside).
boost::json::object ToJsonLd(const Job& job);

// "item 3" or "item 3 (line 7)".
std::string DescribePosition(int item, int line);

}  // namespace starprep::jobs
