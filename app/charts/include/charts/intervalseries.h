#pragma once

#include <QString>
#include <QVector>

#include <map>
#include <optional>

namespace scalelab::charts {

/// A figure's mean per bin over the replications and the half-width of its
/// 95% Student-t interval (NaN where a bin has no value or one replication).
struct IntervalColumn
{
    QVector<double> mean;
    QVector<double> halfWidth;
};

/// The per-bin means over replications that `scalelab-cli run|compare --out
/// DIR --series all` writes (timeseries[-VARIANT]-mean.csv, docs/cli.md):
/// the charts draw them as a mean line inside a shaded interval band.
struct IntervalSeries
{
    int replications = 0;   ///< the most replications of any bin
    QVector<double> ends;   ///< s, each bin's end
    std::map<QString, IntervalColumn> columns; ///< by the CSV's column ("p99", "errors", ...)

    /// The column, or nullptr when the file has none of that name.
    const IntervalColumn* column(const QString& name) const;
};

/// Reads a timeseries-mean.csv; nullopt with `error` set when it is not one.
std::optional<IntervalSeries> readIntervalSeries(const QString& path, QString* error);

} // namespace scalelab::charts
