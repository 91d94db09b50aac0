// Marking findings new, open or explained.
#include "returncheck/rules/explanation.hpp"

#include <cmath>
#include <map>

#include "returncheck/formula/value.hpp"

namespace returncheck::rules {
namespace {

bool same_figure(std::optional<double> explained, std::optional<double> now) {
  if (!explained) return true;
  if (!now) return false;
  return *explained == *now || formula::same_as_excel(*now, *explained);
}

std::string figure_text(std::optional<double> v) { return v ? formula::format_number(*v) : std::string("blank"); }

}  // namespace

void apply_history(std::vector<finding>& findings, const std::set<std::string>* previous,
                   std::span<const explanation> explanations) {
  std::map<std::string, const explanation*> by_fingerprint;
  for (const auto& e : explanations) by_fingerprint[e.fingerprint] = &e;  // the last one given wins
  for (auto& f : findings) {
    if (previous) f.status = previous->contains(f.fingerprint) ? "open" : "new";
    const auto it = by_fingerprint.find(f.fingerprint);
    if (it == by_fingerprint.end()) continue;
    const explanation& e = *it->second;
    const std::string given = e.given.empty() ? std::string() : " (" + e.given + ")";
    if (!same_figure(e.value, f.actual)) {
      f.cause += (f.cause.empty() ? "" : "; ") + std::string("an explanation given for ") + figure_text(e.value) +
                 given + " no longer applies: the figure is now " + figure_text(f.actual);
      continue;
    }
    if (f.level == schema::severity::error) {
      f.cause += (f.cause.empty() ? "" : "; ") + std::string("explained as \"") + e.text + "\"" + given +
                 ", but an error must be fixed, not explained";
      continue;
    }
    f.status = "explained";
    f.explanation = e.text + given;
  }
}

}  // namespace returncheck::rules
