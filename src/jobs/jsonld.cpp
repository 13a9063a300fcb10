// SPDX-License-Identifier: Apache-2.0
#include "jobs/jsonld.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/dates.h"
#include "jobs/html_text.h"

namespace starprep::jobs {
namespace json = boost::json;
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::string Trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

// A source id made from a shared link and the title is cut to what Validate allows for ids.
constexpr std::size_t kMaxDerivedId = 300;

// At most `max` bytes of `s`, never ending inside a UTF-8 sequence.
std::string CutUtf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The @type of a node as a list (it may be a string or an array of strings).
std::vector<std::string> Types(const json::object& o) {
  std::vector<std::string> types;
  const json::value* t = o.if_contains("@type");
  if (!t) return types;
  if (t->is_string()) types.emplace_back(t->as_string());
  if (t->is_array())
    for (const auto& v : t->as_array())
      if (v.is_string()) types.emplace_back(v.as_string());
  return types;
}

bool HasType(const json::object& o, std::string_view type) {
  auto types = Types(o);
  return std::any_of(types.begin(), types.end(), [&](const std::string& t) {
    return t == type || t == "schema:" + std::string(type) || t == "http://schema.org/" + std::string(type) ||
           t == "https://schema.org/" + std::string(type);
  });
}

// A text value: a string (entities decoded, trimmed) or a number; "" otherwise.
std::string Text(const json::value* v) {
  if (!v) return "";
  if (v->is_string()) return Trim(DecodeEntities(v->as_string()));
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return "";
}

std::string Field(const json::object& o, std::string_view key) {
  return Text(o.if_contains(key));
}

// A value that may be one item or an array of items, as a list.
std::vector<const json::value*> Many(const json::value* v) {
  std::vector<const json::value*> out;
  if (!v || v->is_null()) return out;
  if (v->is_array())
    for (const auto& item : v->as_array()) out.push_back(&item);
  else
    out.push_back(v);
  return out;
}

// A name from a string or an object with "name".
std::string Name(const json::value* v) {
  if (!v) return "";
  if (v->is_object()) return Field(v->as_object(), "name");
  return Text(v);
}

// A URL from a string or an object with "url"/"contentUrl" (ImageObject).
std::string Url(const json::value* v) {
  if (!v) return "";
  if (v->is_object()) {
    std::string u = Field(v->as_object(), "url");
    return u.empty() ? Field(v->as_object(), "contentUrl") : u;
  }
  if (v->is_array() && !v->as_array().empty()) return Url(&v->as_array()[0]);
  return Text(v);
}

// A number from a JSON number or a numeric string ("85000", "85,000.50"); nullopt otherwise.
std::optional<double> Number(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  if (!v->is_string()) return std::nullopt;
  std::string s;
  for (char c : v->as_string())
    if (c != ',' && c != ' ' && c != '_') s += c;
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

Result<Salary> ParseSalary(const json::value& v) {
  if (!v.is_object()) return Invalid("baseSalary must be a MonetaryAmount object");
  const json::object& m = v.as_object();
  Salary s;
  s.currency = Upper(Field(m, "currency"));
  if (s.currency.empty()) return Invalid("baseSalary.currency is missing");
  const json::value* value = m.if_contains("value");
  if (!value) return Invalid("baseSalary.value is missing");
  std::optional<double> lo, hi;
  if (value->is_object()) {
    const json::object& q = value->as_object();
    s.unit = Upper(Field(q, "unitText"));
    if (auto single = Number(q.if_contains("value"))) lo = hi = single;
    if (auto a = Number(q.if_contains("minValue"))) lo = a;
    if (auto b = Number(q.if_contains("maxValue"))) hi = b;
    if (lo && !hi) hi = lo;
    if (hi && !lo) lo = hi;
  } else {
    lo = hi = Number(value);
    s.unit = Upper(Field(m, "unitText"));
  }
  if (!lo) return Invalid("baseSalary.value has no number (value, minValue or maxValue)");
  if (s.unit.empty()) return Invalid("baseSalary unitText is missing (HOUR, DAY, WEEK, MONTH or YEAR)");
  s.min = *lo;
  s.max = *hi;
  return s;
}

Place ParsePlace(const json::value& v) {
  Place p;
  if (!v.is_object()) {
    p.locality = Text(&v);
    return p;
  }
  const json::object& place = v.as_object();
  const json::value* address = place.if_contains("address");
  if (address && address->is_object()) {
    const json::object& a = address->as_object();
    p.locality = Field(a, "addressLocality");
    p.region = Field(a, "addressRegion");
    p.country = Name(a.if_contains("addressCountry"));
  } else if (address) {
    p.locality = Text(address);
  } else {
    p.locality = Field(place, "name");
  }
  return p;
}

// Dates: datePosted keeps its UTC date; validThrough becomes a UTC instant (a date alone means
// the end of that day).
Result<std::string> PostedDate(const std::string& s) {
  if (s.empty()) return Invalid("datePosted is missing");
  auto t = dates::ParseIsoTime(s);
  if (!t) return Invalid("datePosted \"" + s + "\" is not an ISO 8601 date");
  return dates::FormatDate(*t);
}

Result<std::string> ValidThrough(const std::string& s) {
  if (s.empty()) return std::string();
  auto t = dates::ParseIsoTime(s);
  if (!t) return Invalid("validThrough \"" + s + "\" is not an ISO 8601 date or date-time");
  return dates::FormatUtc(dates::IsDateOnly(s) ? *t + 86399 : *t);
}

std::vector<std::string> Skills(const json::value* v) {
  std::vector<std::string> out;
  for (const json::value* item : Many(v)) {
    std::string text = Name(item);
    std::size_t start = 0;
    for (;;) {  // "Go, PostgreSQL, Kafka"
      std::size_t comma = text.find(',', start);
      std::string part = Trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

std::string Description(const std::string& raw) {
  if (LooksLikeHtml(raw)) return HtmlToMarkdown(raw);
  std::string decoded = DecodeEntities(raw);
  if (decoded != raw && LooksLikeHtml(decoded)) return HtmlToMarkdown(decoded);  // escaped HTML
  return Trim(raw);
}

// A location requirement that names a time zone ("UTC-5 to UTC+1") is an AdministrativeArea in
// our export; anything else a Country.
json::value Amount(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return json::value(static_cast<std::int64_t>(d));
  return json::value(d);
}

bool IsTimeZone(const std::string& s) {
  return s.starts_with("UTC") || s.starts_with("GMT");
}

void Collect(const json::value& v, int line, int& item, ParsedFeed& feed, const std::vector<RoleInfo>& roles,
             const PageLinks& page, int depth) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) Collect(e, line, item, feed, roles, page, depth + 1);
    return;
  }
  if (v.is_object() && v.as_object().contains("@graph") && !v.as_object().contains("title")) {
    Collect(v.as_object().at("@graph"), line, item, feed, roles, page, depth + 1);
    return;
  }
  ++item;
  if (!v.is_object()) {
    feed.rejected.push_back({item, line, "not a JSON object"});
    return;
  }
  const json::object& o = v.as_object();
  if (!HasType(o, "JobPosting")) {
    if (Types(o).empty()) {
      feed.rejected.push_back({item, line, "@type is missing (expected JobPosting)"});
    } else {
      ++feed.ignored;
    }
    return;
  }
  ApplyLinkFrom from = ApplyLinkFrom::kUrl;
  auto job = JobFromJsonLd(o, roles, page, &from);
  if (!job.ok()) {
    feed.rejected.push_back({item, line, job.error().message});
    return;
  }
  feed.postings.push_back({item, line, std::move(*job), from});
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The contents of every <script type="application/ld+json"> in an HTML page.
std::vector<std::string> LdJsonBlocks(std::string_view html) {
  std::vector<std::string> blocks;
  std::string lower = Lower(html);
  std::size_t pos = 0;
  while ((pos = lower.find("<script", pos)) != std::string::npos) {
    std::size_t gt = lower.find('>', pos);
    if (gt == std::string::npos) break;
    std::string_view tag = std::string_view(lower).substr(pos, gt - pos);
    std::size_t end = lower.find("</script", gt);
    if (end == std::string::npos) break;
    if (tag.find("application/ld+json") != std::string_view::npos)
      blocks.emplace_back(html.substr(gt + 1, end - gt - 1));
    pos = end + 8;
  }
  return blocks;
}

// The value of attribute `name` (lower case) in `tag` (the text from "<" to ">", original case),
// entities decoded; "" when absent. Quoted with " or ', or unquoted.
std::string Attribute(std::string_view tag, std::string_view name) {
  const std::string lower = Lower(tag);
  std::size_t pos = 0;
  while ((pos = lower.find(name, pos)) != std::string::npos) {
    const bool starts = pos > 0 && std::isspace(static_cast<unsigned char>(lower[pos - 1]));
    std::size_t i = pos + name.size();
    pos = i;
    if (!starts) continue;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size()) return "";
    std::size_t end;
    if (tag[i] == '"' || tag[i] == '\'') {
      end = tag.find(tag[i], i + 1);
      if (end == std::string_view::npos) end = tag.size();
      ++i;
    } else {
      end = i;
      while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) && tag[end] != '>') ++end;
    }
    return Trim(DecodeEntities(tag.substr(i, end - i)));
  }
  return "";
}

// The apply link of posting `o` with `org` (its hiringOrganization) on `page`: the first absolute
// http(s) link in the order of jsonld.h, and where it came from; the reason when there is none.
Result<std::pair<ApplyLinkFrom, std::string>> ApplyLink(const json::object& o, const json::value* org,
                                                        const PageLinks& page) {
  const json::object* org_obj = org && org->is_object() ? &org->as_object() : nullptr;
  const std::pair<ApplyLinkFrom, std::string> candidates[] = {
      {ApplyLinkFrom::kUrl, Url(o.if_contains("url"))},
      {ApplyLinkFrom::kApplicationContact, Url(o.if_contains("applicationContact"))},
      {ApplyLinkFrom::kSameAs, Url(o.if_contains("sameAs"))},
      {ApplyLinkFrom::kPageCanonical, page.canonical},
      {ApplyLinkFrom::kPageOgUrl, page.og_url},
      {ApplyLinkFrom::kSourceUrl, page.source_url},
      {ApplyLinkFrom::kOrganizationUrl, org_obj ? Url(org_obj->if_contains("url")) : std::string()},
  };
  std::string unusable;
  for (const auto& [from, url] : candidates) {
    if (IsHttpUrl(url)) return std::make_pair(from, url);
    if (!url.empty() && unusable.empty())
      unusable = std::string(ApplyLinkFromName(from)) + " \"" + url + "\" is not an absolute http(s) URL";
  }
  std::string reason =
      "no apply link: none of url, applicationContact, sameAs, the page's canonical link or og:url, --source-url "
      "or hiringOrganization.url is given";
  if (!unusable.empty()) reason += " (" + unusable + ")";
  return Invalid(std::move(reason));
}

}  // namespace

std::string_view ApplyLinkFromName(ApplyLinkFrom from) {
  switch (from) {
    case ApplyLinkFrom::kUrl:
      return "url";
    case ApplyLinkFrom::kApplicationContact:
      return "applicationContact";
    case ApplyLinkFrom::kSameAs:
      return "sameAs";
    case ApplyLinkFrom::kPageCanonical:
      return "the page's canonical link";
    case ApplyLinkFrom::kPageOgUrl:
      return "the page's og:url";
    case ApplyLinkFrom::kSourceUrl:
      return "--source-url";
    case ApplyLinkFrom::kOrganizationUrl:
      return "hiringOrganization.url";
  }
  return "url";
}

PageLinks LinksOfPage(std::string_view html) {
  PageLinks links;
  const std::string lower = Lower(html);
  std::size_t pos = 0;
  while ((pos = lower.find('<', pos)) != std::string::npos) {
    const std::size_t gt = lower.find('>', pos);
    if (gt == std::string::npos) break;
    const std::string_view tag = html.substr(pos, gt - pos);
    const std::string_view lower_tag = std::string_view(lower).substr(pos, gt - pos);
    pos = gt;
    if (lower_tag.starts_with("<link") && links.canonical.empty()) {
      const std::string rel = Lower(Attribute(tag, "rel"));
      if (rel == "canonical") links.canonical = Attribute(tag, "href");
    } else if (lower_tag.starts_with("<meta") && links.og_url.empty()) {
      if (Lower(Attribute(tag, "property")) == "og:url") links.og_url = Attribute(tag, "content");
    } else if (lower_tag.starts_with("<body")) {
      break;  // both live in <head>
    }
  }
  return links;
}

std::string DescribePosition(int item, int line) {
  std::string s = "item " + std::to_string(item);
  if (line > 0) s += " (line " + std::to_string(line) + ")";
  return s;
}

Result<Job> JobFromJsonLd(const json::object& o, const std::vector<RoleInfo>& roles, const PageLinks& page,
                          ApplyLinkFrom* apply_from) {
  Job job;
  job.title = Field(o, "title");
  if (job.title.empty()) job.title = Field(o, "name");
  if (job.title.empty()) return Invalid("title is missing");
  if (LooksLikeHtml(job.title)) job.title = HtmlToMarkdown(job.title);

  const json::value* org = o.if_contains("hiringOrganization");
  if (!org) return Invalid("hiringOrganization is missing");
  if (org->is_object()) {
    const json::object& org_obj = org->as_object();
    job.company_name = Field(org_obj, "name");
    job.company_url = Url(org_obj.if_contains("sameAs"));
    if (job.company_url.empty()) job.company_url = Url(org_obj.if_contains("url"));
    job.company_logo = Url(org_obj.if_contains("logo"));
  } else {
    job.company_name = Text(org);
  }
  if (job.company_name.empty()) return Invalid("hiringOrganization.name is missing");

  const json::value* description = o.if_contains("description");
  if (!description || !description->is_string() || Trim(description->as_string()).empty())
    return Invalid("description is missing");
  job.description_md = Description(std::string(description->as_string()));

  auto posted = PostedDate(Field(o, "datePosted"));
  if (!posted) return posted.error();
  job.date_posted = *posted;
  auto through = ValidThrough(Field(o, "validThrough"));
  if (!through) return through.error();
  job.valid_through = *through;

  for (const json::value* t : Many(o.if_contains("employmentType"))) {
    std::string type = NormaliseEmploymentType(Text(t));
    if (!type.empty()) {
      job.employment_type = type;
      break;
    }
  }

  bool telecommute = false;
  for (const json::value* t : Many(o.if_contains("jobLocationType"))) telecommute |= Upper(Text(t)) == "TELECOMMUTE";
  for (const json::value* p : Many(o.if_contains("jobLocation"))) {
    Place place = ParsePlace(*p);
    if (!place.locality.empty() || !place.region.empty() || !place.country.empty()) job.offices.push_back(place);
  }
  if (!telecommute) {
    return Invalid(job.offices.empty()
                       ? "neither jobLocationType TELECOMMUTE nor a jobLocation: cannot tell where the job is"
                       : "on-site only (no jobLocationType TELECOMMUTE): starprep lists remote and hybrid jobs");
  }
  job.remote = job.offices.empty() ? RemotePolicy::kRemote : RemotePolicy::kHybrid;
  for (const json::value* a : Many(o.if_contains("applicantLocationRequirements"))) {
    std::string name = Name(a);
    if (!name.empty() && std::find(job.applicant_locations.begin(), job.applicant_locations.end(), name) ==
                             job.applicant_locations.end())
      job.applicant_locations.push_back(name);
  }

  if (const json::value* salary = o.if_contains("baseSalary"); salary && !salary->is_null()) {
    auto s = ParseSalary(*salary);
    if (!s) return s.error();
    job.salary = *s;
  }

  auto link = ApplyLink(o, org, page);
  if (!link) return link.error();
  job.apply_url = link->second;
  if (apply_from) *apply_from = link->first;

  const json::value* identifier = o.if_contains("identifier");
  if (identifier && identifier->is_object()) {
    job.source = Field(identifier->as_object(), "name");
    job.source_id = Field(identifier->as_object(), "value");
  } else if (identifier) {
    job.source_id = Text(identifier);
  }
  if (job.source.empty()) job.source = job.company_name;
  if (job.source_id.empty()) {
    // A page's or a company's link is shared by every posting found through it: add the title.
    const bool own_link = link->first == ApplyLinkFrom::kUrl || link->first == ApplyLinkFrom::kApplicationContact ||
                          link->first == ApplyLinkFrom::kSameAs;
    job.source_id = own_link ? job.apply_url : CutUtf8(job.apply_url + "#" + job.title, kMaxDerivedId);
  }

  job.skills = Skills(o.if_contains("skills"));
  job.roles = MapRoles(job.title, job.skills, roles);
  if (auto s = Validate(job); !s) return s.error();
  return job;
}

ParsedFeed ParseJobPostings(std::string_view text, const std::vector<RoleInfo>& roles, const std::string& source_url) {
  ParsedFeed feed;
  PageLinks page{.source_url = source_url};
  int item = 0;
  std::string trimmed = Trim(text);
  if (trimmed.starts_with("\xEF\xBB\xBF")) trimmed = trimmed.substr(3);  // BOM
  if (trimmed.empty()) {
    feed.rejected.push_back({1, 0, "the document is empty"});
    return feed;
  }
  if (trimmed.front() == '<') {
    PageLinks links = LinksOfPage(trimmed);
    page.canonical = std::move(links.canonical);
    page.og_url = std::move(links.og_url);
    auto blocks = LdJsonBlocks(trimmed);
    if (blocks.empty()) feed.rejected.push_back({1, 0, "an HTML page without <script type=\"application/ld+json\">"});
    for (const auto& block : blocks) {
      json::error_code ec;
      json::value v = json::parse(block, ec);
      if (ec) {
        feed.rejected.push_back({++item, 0, "a JSON-LD script block is not valid JSON: " + ec.message()});
        continue;
      }
      Collect(v, 0, item, feed, roles, page, 0);
    }
    return feed;
  }
  json::error_code ec;
  json::value whole = json::parse(trimmed, ec);
  if (!ec) {
    Collect(whole, 0, item, feed, roles, page, 0);
    return feed;
  }
  // NDJSON: one value per line.
  int line_no = 0;
  std::size_t start = 0;
  while (start <= trimmed.size()) {
    std::size_t end = trimmed.find('\n', start);
    if (end == std::string::npos) end = trimmed.size();
    ++line_no;
    std::string line = Trim(std::string_view(trimmed).substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    json::error_code line_ec;
    json::value v = json::parse(line, line_ec);
    if (line_ec) {
      feed.rejected.push_back({++item, line_no, "not valid JSON: " + line_ec.message()});
      continue;
    }
    Collect(v, line_no, item, feed, roles, page, 0);
  }
  return feed;
}

json::object ToJsonLd(const Job& job) {
  json::object org{{"@type", "Organization"}, {"name", job.company_name}};
  if (!job.company_url.empty()) org["sameAs"] = job.company_url;
  if (!job.company_logo.empty()) org["logo"] = job.company_logo;
  json::object ld{{"@context", "https://schema.org"},
                  {"@type", "JobPosting"},
                  {"title", job.title},
                  {"description", job.description_md},
                  {"datePosted", job.date_posted},
                  {"hiringOrganization", std::move(org)},
                  {"jobLocationType", "TELECOMMUTE"},
                  {"identifier", {{"@type", "PropertyValue"}, {"name", job.source}, {"value", job.source_id}}},
                  {"url", job.apply_url}};
  if (!job.valid_through.empty()) ld["validThrough"] = job.valid_through;
  if (!job.employment_type.empty()) ld["employmentType"] = job.employment_type;
  json::array req;
  for (const auto& l : job.applicant_locations)
    req.push_back({{"@type", IsTimeZone(l) ? "AdministrativeArea" : "Country"}, {"name", l}});
  if (!req.empty()) ld["applicantLocationRequirements"] = std::move(req);
  json::array places;
  for (const auto& p : job.offices) {
    json::object address{{"@type", "PostalAddress"}};
    if (!p.locality.empty()) address["addressLocality"] = p.locality;
    if (!p.region.empty()) address["addressRegion"] = p.region;
    if (!p.country.empty()) address["addressCountry"] = p.country;
    places.push_back({{"@type", "Place"}, {"address", std::move(address)}});
  }
  if (!places.empty()) ld["jobLocation"] = std::move(places);
  if (job.salary) {
    const Salary& s = *job.salary;
    json::object value{{"@type", "QuantitativeValue"}, {"unitText", s.unit}};
    if (s.min == s.max) {
      value["value"] = Amount(s.min);
    } else {
      value["minValue"] = Amount(s.min);
      value["maxValue"] = Amount(s.max);
    }
    ld["baseSalary"] = {{"@type", "MonetaryAmount"}, {"currency", s.currency}, {"value", std::move(value)}};
  }
  if (!job.skills.empty()) {
    json::array skills;
    for (const auto& s : job.skills) skills.push_back(json::string(s));
    ld["skills"] = std::move(skills);
  }
  return ld;
}

}  // namespace starprep::jobs
