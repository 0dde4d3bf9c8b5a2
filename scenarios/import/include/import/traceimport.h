#pragma once

#include "import/traces.h"
#include "scenarios/diagnostic.h"
#include "scenarios/study.h"
#include "simcore/distribution.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scalelab::import {

/// How traces become a study.
struct TraceImportOptions
{
    std::string name = "imported from traces"; ///< the study's name
    std::string variant = "traced";           ///< its one variant's name
    std::size_t empiricalMin = 200;  ///< samples from which a time is kept as observed (empirical), else fitted
    std::size_t empiricalPoints = 1000; ///< quantiles an empirical time keeps (a p99 within about 1.5% of the samples')
    double targetUtilization = 0.25; ///< cores per service: its busiest bin's CPU over this
};

/// A time as the study gets it: observed (empirical quantiles) or fitted.
struct FittedTime
{
    sim::Distribution distribution;
    std::string method;    ///< "empirical", "lognormal", "gamma" or "constant"
    double ks = 0.0;       ///< Kolmogorov-Smirnov distance of the fit to the samples (0..1; empirical: of its quantiles)
    std::size_t samples = 0;
    double mean = 0.0;     ///< s, of the samples
};

/// One call of an operation's call tree, as the traces show it.
struct CallModel
{
    std::string target;
    double probability = 1.0; ///< share of the caller's visits that make it
    int repeats = 1;          ///< calls per visit that makes it (rounded mean)
    FittedTime time;          ///< a service: its own time per visit (span minus children); a leaf: the call's time less the network
    bool write = false;       ///< a database call: mostly writes
    bool parallel = false;    ///< its calls overlap (fan-out) rather than follow each other
    std::size_t visits = 0;
    std::vector<CallModel> calls;
};

/// An operation: the name of its root spans, their count and start times.
struct OperationModel
{
    std::string name;
    std::size_t count = 0;
    std::vector<double> starts; ///< s from the first root span's start
    CallModel root;
};

/// A component: a traced service, or a database or external seen by its callers only.
struct ComponentModel
{
    std::string name;
    scenarios::ComponentKind kind = scenarios::ComponentKind::Service;
    std::string dbSystem;     ///< databases: db.system as traced
    double errorRate = 0.0;   ///< externals: share of the calls that failed
    FittedTime latency;       ///< externals: the calls' time, from every caller
    double busiest = 0.0;     ///< services: CPU-seconds per second in the busiest bin
    int cores = 2;            ///< services: cores to keep utilisation at the target
};

/// What the traces say, before it is written as a study.
struct TraceModel
{
    std::vector<OperationModel> operations; ///< in order of first appearance
    std::vector<ComponentModel> components; ///< in order of first appearance
    double period = 0.0;       ///< s from the first root span's start to the last root span's end
    double bin = 1.0;          ///< s, the rate profile's bin
    std::vector<double> rates; ///< requests/s per bin, all operations
    double hop = 0.0;          ///< s, one network hop (half the mean gap between client and server spans)
    std::size_t traces = 0;    ///< traces used
    std::size_t skewCorrected = 0; ///< server spans moved inside their client span
    std::map<std::string, int> skipped; ///< reason -> count (the readers' and the analysis')
    std::vector<scenarios::Diagnostic> diagnostics; ///< warnings with a place (the first of each kind)
};

/// Pairs client and server spans into calls and sums every trace up per
/// operation (root span name): the call tree with probabilities, repeats
/// and fan-out, each service's own time, each leaf's time; databases
/// (db.system) and externals (peer.service, server.address, http.url) from
/// client spans without a server span; the arrivals as a rate profile.
/// Traces with a missing parent, several roots or a server span longer than
/// its client span are left out, counted; a server span outside its client
/// span (clock skew) is moved inside it, counted.
TraceModel analyzeTraces(const TraceInput& input, const TraceImportOptions& options = {});

/// The study the model describes: its operations with their shares, the
/// rate profile, one variant with the components and routes; the fits are
/// listed in the header comment.
scenarios::Study buildStudy(const TraceModel& model, const TraceImportOptions& options = {});

/// The time `samples` (s) as the study gets it (empirical from
/// `empiricalMin` samples, else the better of lognormal and gamma by their
/// Kolmogorov-Smirnov distance; constant when all are equal).
FittedTime fitTime(std::vector<double> samples, const TraceImportOptions& options = {});

} // namespace scalelab::import
