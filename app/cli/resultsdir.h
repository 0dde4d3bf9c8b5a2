#pragma once

#include "replicator.h"

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// What `run --out` and `compare --out` keep besides the summary, so that
/// `export-charts --from` and `report --from` render without running again:
/// DIR/streams/VARIANT.ndjson (replication 0 as stream lines, for
/// scalelab-charts), DIR/summary.txt (the table as printed) and DIR/study.yaml
/// (the study file as read) and, when the run had any, DIR/overrides.txt (its
/// --set PATH=VALUE overrides, one a line). `results` holds every replication
/// of each variant, variant by variant; replication 0 of each keeps its bins.
bool writeReusableResults(const std::string& dir, const scenarios::Study& study,
                          const std::vector<const scenarios::Variant*>& variants,
                          const std::vector<ReplicationResult>& results, const std::string& table,
                          const std::vector<std::string>& sets);

/// A results folder read back.
struct SavedResults
{
    scenarios::Study study;                        ///< with the run settings the results were made with
    std::vector<const scenarios::Variant*> variants; ///< in the results' order (point into `study`)
    std::vector<std::string> streams;              ///< DIR/streams/VARIANT.ndjson, one per variant
    std::string table;                             ///< summary.txt
    nlohmann::ordered_json summary;                ///< summary.json
};

/// Reads DIR written by `run --out` or `compare --out`: the study from the
/// file it names (else DIR/study.yaml) with the overrides of
/// DIR/overrides.txt and the seed, duration, warm-up and replications of
/// summary.json; nullopt after printing what is missing.
std::optional<SavedResults> readSavedResults(const std::string& dir);

/// A variant's time series in results DIR: DIR/timeseries-VARIANT{suffix}.csv
/// of compare, DIR/timeseries{suffix}.csv of run ("", "-all", "-mean").
std::string seriesFile(const std::string& dir, const SavedResults& saved, const scenarios::Variant& variant,
                       const std::string& suffix);
/// Whether DIR has the per-bin means over replications of every variant (--series all).
bool hasSeriesMeans(const std::string& dir, const SavedResults& saved);

} // namespace scalelab::cli
