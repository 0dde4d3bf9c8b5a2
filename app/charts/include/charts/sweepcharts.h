#pragma once

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QCustomPlot;

namespace scalelab::charts {

/// A finished sweep's aggregate table (scalelab-cli sweep: sweep.json and
/// aggregate.jsonl), as the sweep charts read it.
struct SweepTable
{
    struct Row
    {
        std::size_t point = 0;
        std::vector<std::string> values; ///< one per parameter, in parameter order
        std::string variant;
        std::string metric;
        double mean = 0.0;
        double low = 0.0;  ///< NaN when unknown (one replication)
        double high = 0.0;
    };
    std::vector<std::string> parameters; ///< column names
    std::vector<std::string> variants;
    std::vector<std::string> metrics;
    std::optional<double> sloP99; ///< s
    std::vector<Row> rows;

    /// Reads DIR/sweep.json and DIR/aggregate.jsonl; nullopt with `error` set when it cannot.
    static std::optional<SweepTable> read(const QString& dir, QString* error);
    /// A table with no rows yet from sweep.json's object (also the `sweep`
    /// key of `scalelab-cli sweep --stream`'s first line); nullopt with
    /// `error` set when it is not one.
    static std::optional<SweepTable> fromMeta(const std::string& json, QString* error);
    /// Adds one row of aggregate.jsonl (also a row of a `point` stream line);
    /// false with `error` set, and the table unchanged, when it is not one.
    bool addRow(const std::string& json, QString* error);
};

/// A point of a line: x (the first parameter's value), the mean and its interval.
struct SweepLinePoint
{
    double x = 0.0;
    double mean = 0.0;
    double low = 0.0;
    double high = 0.0;
};

/// A figure along the first parameter, one line per variant, at one
/// combination of the other parameters' values (`fixed`, empty with one parameter).
struct SweepLines
{
    std::string metric;
    std::vector<std::string> fixed; ///< "rps=400" per other parameter
    std::map<std::string, std::vector<SweepLinePoint>> byVariant; ///< in x order
};

/// The lines of `metric`, one SweepLines per combination of the other
/// parameters, in the order of the points. A value that is not a number
/// (least_connections) is placed at its index among the first parameter's values.
std::vector<SweepLines> sweepLines(const SweepTable& table, const std::string& metric);

/// Where a variant's p99 line crosses the SLO: the first x, in sweep order,
/// whose verdict (mean p99 <= target) differs from the first point's.
/// nullopt when it never changes.
struct BreakPoint
{
    double x = 0.0;
    bool holdsFromHere = false; ///< the SLO holds from x on (it broke before), else breaks at x
};
std::optional<BreakPoint> breakPoint(const std::vector<SweepLinePoint>& line, double target);

/// One (point, variant) of the cost-latency scatter.
struct CostPoint
{
    double p99 = 0.0;  ///< s
    double cost = 0.0; ///< USD per million requests
    std::string variant;
    std::size_t point = 0;
};

/// The Pareto front of `points` (lower p99 and lower cost are better): the
/// points no other beats on both, by increasing p99.
std::vector<CostPoint> paretoFront(const std::vector<CostPoint>& points);

/// Draws one metric's lines with their 95% bands (and, for p99 with an SLO,
/// the target and each variant's break point) on `plot`.
void drawSweepLines(QCustomPlot& plot, const SweepTable& table, const SweepLines& lines);

/// Draws cost per million requests against p99 for every point and variant,
/// the Pareto front as a line through its points; false when the table
/// lacks p99 or cost_per_million.
bool drawCostScatter(QCustomPlot& plot, const SweepTable& table);

} // namespace scalelab::charts
