#pragma once

#include "scenarios/runner.h"
#include "scenarios/study.h"
#include "scenarios/sweep.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// A sweep's point, resolved: its study (the file with the point's overrides)
/// and its key (scenarios::pointKey).
struct ResolvedPoint
{
    scenarios::SweepPoint point;
    scenarios::Study study;
    std::string key;
};

/// `--shard i/N`: this invocation runs the points whose index modulo N is i - 1.
struct Shard
{
    int index = 1; ///< 1..count
    int count = 1;
    bool owns(std::size_t point) const { return int(point % std::size_t(count)) == index - 1; }
};

/// "i/N" as a shard; nullopt, with `error` set, when it is not 1 <= i <= N.
std::optional<Shard> parseShard(const std::string& text, std::string* error);

/// The results a sweep keeps under its --out folder: one file per point,
/// named by its key, holding every replication of every variant
/// (`points/KEY.jsonl`); the tidy tables are made from them.
class SweepStore
{
public:
    explicit SweepStore(std::string dir) : m_dir(std::move(dir)) {}

    const std::string& dir() const { return m_dir; }
    std::string pointPath(const std::string& key) const;
    bool has(const std::string& key) const;

    /// Writes a point's runs (variant by variant, in replication order),
    /// atomically: a reader never sees half a file. False, after an error line, when it cannot.
    bool save(const std::string& key, const std::vector<std::string>& variants,
              const std::vector<std::vector<scenarios::VariantRun>>& runs) const;
    /// A point's runs by variant, in the order of `variants`; nullopt when the
    /// file is missing or does not hold them all.
    std::optional<std::vector<std::vector<scenarios::VariantRun>>>
    load(const std::string& key, const std::vector<std::string>& variants) const;

private:
    std::string m_dir;
};

/// The tidy tables of a sweep whose points are all done: results.csv and
/// results.jsonl (a row per point x variant x replication x metric) and
/// aggregate.csv and aggregate.jsonl (a row per point x variant x metric: mean
/// and 95% interval), plus points.csv (a row per point: its key and values).
/// Their bytes depend only on the study and the runs, not on how the points
/// were shared out. False, after an error line, when a file cannot be written.
bool writeSweepTables(const SweepStore& store, const scenarios::Study& base,
                      const std::vector<ResolvedPoint>& points, const std::vector<std::string>& variants,
                      const std::vector<std::string>& metrics);

/// sweep.json: the parameters (column, paths, values), variants, metrics and
/// SLO; also the `sweep` line of `sweep --stream` (docs/stream.md).
nlohmann::ordered_json sweepMeta(const scenarios::Study& base, const std::vector<std::string>& variants,
                                 const std::vector<std::string>& metrics);

/// A point's rows of aggregate.jsonl (one per variant x metric, in that
/// order: replications, mean and 95% interval) from its runs by variant;
/// also the rows of a `point` line of `sweep --stream`.
std::vector<nlohmann::ordered_json> aggregateRows(const ResolvedPoint& point, const std::vector<std::string>& variants,
                                                 const std::vector<std::string>& metrics,
                                                 const std::vector<std::vector<scenarios::VariantRun>>& runs);

/// points.csv alone: point, key, one column per parameter.
std::string pointsCsv(const scenarios::Study& base, const std::vector<ResolvedPoint>& points);

} // namespace scalelab::cli
