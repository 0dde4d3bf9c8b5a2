#include "workcheck.h"

#include "errors.h"

#include "cli/numberformat.h"
#include "scenarios/quantities.h"
#include "simcore/subprocess.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace scalelab::cli {

namespace {

/// "45000", "3.2 million", "2.9 billion": a count as people say it.
std::string count(double n)
{
    char text[64];
    if (n >= 1e9)
        std::snprintf(text, sizeof text, "%.3g billion", n / 1e9);
    else if (n >= 1e6)
        std::snprintf(text, sizeof text, "%.3g million", n / 1e6);
    else
        return std::to_string(static_cast<long long>(std::round(n))); // whole: 45000, 10
    return text;
}

/// "40 s", "25 min", "3.1 h".
std::string wallTime(double seconds)
{
    char text[64];
    if (seconds < 90)
        std::snprintf(text, sizeof text, "%.0f s", std::max(1.0, seconds));
    else if (seconds < 5400)
        std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    else
        std::snprintf(text, sizeof text, "%.2g h", seconds / 3600);
    return text;
}

std::string plural(int n, const char* word)
{
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

} // namespace

std::string describeWork(const scenarios::WorkEstimate& e, int replications, int variants)
{
    // The visits a request makes on average over the variants, so that the
    // product reads right (WorkEstimate::visitsPerRequest is the largest).
    const double runs = double(std::max(1, replications)) * double(std::max(1, variants));
    const double mean = e.arrivals > 0 ? e.events / (e.arrivals * runs) : e.visitsPerRequest;
    char visits[32];
    std::snprintf(visits, sizeof visits, "%.3g", mean);
    std::string text = count(e.events) + " events (" + count(e.arrivals) + " requests x " + visits + " visits";
    if (variants > 1)
        text += " x " + plural(variants, "variant");
    return text + " x " + plural(replications, "replication") + ")";
}

bool checkWork(const scenarios::Study& study, const std::vector<const scenarios::Variant*>& variants,
               const RunOptions& options)
{
    const int replications = study.run.replications;
    const unsigned cores = sim::availableCores();
    scenarios::WorkEstimate e;
    try {
        e = scenarios::estimateWork(study, variants, replications, int(cores));
    } catch (const std::exception&) {
        return true; // no estimate (a variant the model cannot solve): the run says what is wrong
    }
    const std::string work = describeWork(e, replications, int(variants.size()));
    if (!options.force && e.events > options.maxEvents) {
        printError("the study needs about " + work + ", more than --max-events (" + count(options.maxEvents) + ")",
                   "shorten run.duration (" + scenarios::formatDurationExact(study.run.duration) +
                       ") or pass --duration, lower the workload's rate (" + formatValue(e.peakRate, Unit::PerSecond) +
                       " at its peak) or run fewer replications (--replications); or run it anyway with --force");
        return false;
    }
    if (::isatty(STDERR_FILENO) == 1) {
        std::fprintf(stderr, "scalelab-cli: estimate: %s, about %s of memory per replication, about %s on %s%s\n",
                     work.c_str(), formatValue(e.bytesPerProcess, Unit::Bytes).c_str(), wallTime(e.seconds).c_str(),
                     plural(int(cores), "core").c_str(),
                     e.overloaded ? " (overloaded: backlogs fill up to their limits)" : "");
        std::fflush(stderr);
    }
    return true;
}

} // namespace scalelab::cli
