#include "charts/intervalseries.h"

#include <QFile>
#include <QStringList>
#include <QtNumeric>

#include <algorithm>

namespace scalelab::charts {

const IntervalColumn* IntervalSeries::column(const QString& name) const
{
    const auto it = columns.find(name);
    return it == columns.end() ? nullptr : &it->second;
}

std::optional<IntervalSeries> readIntervalSeries(const QString& path, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<IntervalSeries> {
        if (error)
            *error = path + ": " + why;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fail("cannot be read");
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(',');
    if (header.size() < 3 || header[0] != "start" || header[1] != "end" || header[2] != "replications")
        return fail("not a per-bin mean file (its header must start with start,end,replications)");
    IntervalSeries series;
    // Each figure's mean column and its `.half_width` beside it.
    std::map<QString, std::pair<int, int>> where;
    for (int i = 3; i < header.size(); ++i)
        if (!header[i].endsWith(".half_width"))
            where[header[i]].first = i;
    for (int i = 3; i < header.size(); ++i)
        if (header[i].endsWith(".half_width")) {
            const QString name = header[i].chopped(int(QString(".half_width").size()));
            if (where.count(name))
                where[name].second = i;
        }
    int number = 1;
    while (!file.atEnd()) {
        ++number;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList cells = line.split(',');
        if (cells.size() != header.size())
            return fail(QString("line %1 has %2 cells, the header %3").arg(number).arg(cells.size()).arg(header.size()));
        bool ok = false;
        series.ends.push_back(cells[1].toDouble(&ok));
        if (!ok)
            return fail(QString("line %1: the bin's end is not a number").arg(number));
        series.replications = std::max(series.replications, cells[2].toInt());
        for (const auto& [name, columns] : where) {
            IntervalColumn& c = series.columns[name];
            auto value = [&](int i) {
                bool parsed = false;
                const double v = i > 0 ? cells[i].toDouble(&parsed) : 0.0;
                return parsed ? v : qQNaN();
            };
            c.mean.push_back(value(columns.first));
            c.halfWidth.push_back(value(columns.second));
        }
    }
    return series;
}

} // namespace scalelab::charts
