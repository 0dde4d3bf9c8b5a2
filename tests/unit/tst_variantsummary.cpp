// A variant's summary over replications: a latency percentile's interval never
// collapses below the histogram's resolution (replications in one bucket),
// is the plain Student-t interval when the spread is wider, and says its
// resolution in JSON; paired differences of percentiles likewise.
#include "cli/numberformat.h"
#include "cli/report.h"
#include "cli/variantsummary.h"

#include "simcore/histogram.h"
#include "simcore/statistics.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using cli::Figure;
using sim::LatencyHistogram;

namespace {

/// The midpoint of the histogram bucket holding `seconds`: what a quantile
/// that falls there reports.
double reported(double seconds)
{
    return LatencyHistogram::bucketMidpointSeconds(
        LatencyHistogram::bucketIndex(std::uint64_t(std::llround(seconds * 1e9))));
}

/// Replications whose overall p50 are `p50s` (s), everything else alike.
std::vector<scenarios::VariantRun> runs(const std::vector<double>& p50s)
{
    std::vector<scenarios::VariantRun> out;
    for (double p50 : p50s) {
        scenarios::VariantRun r;
        r.summary.start = 0.0;
        r.summary.end = 100.0;
        r.summary.arrivals = r.summary.completions = 1000;
        r.summary.meanLatency = 0.02;
        r.summary.p50 = p50;
        r.summary.p95 = r.summary.p99 = r.summary.p999 = reported(0.05);
        out.push_back(r);
    }
    return out;
}

cli::VariantSummary summary(const std::vector<double>& p50s, const char* name = "v")
{
    scenarios::Study study;
    scenarios::Variant variant;
    variant.name = name;
    return cli::summarizeVariant(study, variant, runs(p50s));
}

} // namespace

class TestVariantSummary : public QObject
{
    Q_OBJECT

private slots:
    void bucketWidth()
    {
        // 18.02 ms lies in [2^24, 2^25) ns: 128 buckets of 2^17 ns.
        QCOMPARE(LatencyHistogram::bucketWidthSeconds(0.01802), std::ldexp(1.0, 17) * 1e-9);
        QCOMPARE(LatencyHistogram::bucketWidthSeconds(100e-9), 1e-9); // exact below 128 ns
        // Between 1/256 and 1/128 of the value, everywhere above.
        for (double s : {1e-6, 3.3e-4, 0.01802, 0.2, 7.5}) {
            const double w = LatencyHistogram::bucketWidthSeconds(s);
            QVERIFY2(w >= s / 256.0 * 0.999 && w <= s / 128.0 * 1.001, qPrintable(QString::number(s)));
        }
    }

    void oneBucketIsNotCertainty()
    {
        // Three replications whose p50 land in the same bucket: no spread at all.
        const double p = reported(0.01802);
        const cli::VariantSummary s = summary({p, p, p});
        const Figure* p50 = s.find("p50");
        QVERIFY(p50);
        QCOMPARE(sim::studentInterval(p50->values).halfWidth, 0.0);
        const double width = std::ldexp(1.0, 17) * 1e-9;
        QCOMPARE(p50->resolution, width);
        QCOMPARE(p50->interval.halfWidth, width / 2.0); // the interval spans the bucket
        QCOMPARE(p50->interval.mean, p);
        QCOMPARE(cli::formatInterval(p50->interval, p50->unit), std::string("18.02 ± 0.07 ms"));
        // The mean latency is exact: no resolution, its interval as computed.
        QCOMPARE(s.find("mean")->resolution, 0.0);
        QCOMPARE(s.find("mean")->interval.halfWidth, 0.0);

        const auto json = cli::runJson(scenarios::Study{}, s);
        QCOMPARE(json["figures"]["p50"]["resolution"].get<double>(), width);
        QCOMPARE(json["figures"]["p50"]["half_width"].get<double>(), width / 2.0);
        QVERIFY(!json["figures"]["mean"].contains("resolution"));
    }

    void spreadWiderThanResolutionIsUnchanged()
    {
        const std::vector<double> p50s{reported(0.015), reported(0.018), reported(0.021)};
        const cli::VariantSummary s = summary(p50s);
        const Figure* p50 = s.find("p50");
        const sim::ConfidenceInterval student = sim::studentInterval(p50s);
        QVERIFY(student.halfWidth > p50->resolution);
        QCOMPARE(p50->interval.halfWidth, student.halfWidth);
    }

    void oneReplicationHasNoInterval()
    {
        const cli::VariantSummary s = summary({reported(0.01802)});
        const Figure* p50 = s.find("p50");
        QVERIFY(std::isinf(p50->interval.halfWidth));
        QCOMPARE(cli::formatInterval(p50->interval, p50->unit), std::string("18.02 ms"));
    }

    void differenceWithinResolution()
    {
        // Every replication one bucket apart: a shift no larger than the
        // resolution is neither a zero-width interval nor significant.
        const double a = reported(0.01802);
        const double b = a + LatencyHistogram::bucketWidthSeconds(a);
        const cli::VariantSummary base = summary({a, a, a}, "base");
        const cli::VariantSummary other = summary({b, b, b}, "other");
        const auto d = cli::difference(*base.find("p50"), *other.find("p50"));
        QVERIFY(d);
        const double resolution = base.find("p50")->resolution + other.find("p50")->resolution;
        QCOMPARE(d->resolution, resolution);
        QCOMPARE(d->interval.mean, b - a);
        QCOMPARE(d->interval.halfWidth, resolution / 2.0);
        QVERIFY(!d->significant);
        // Ten buckets apart it is.
        const double c = a + 10.0 * LatencyHistogram::bucketWidthSeconds(a);
        const auto far = cli::difference(*base.find("p50"), *summary({c, c, c}, "far").find("p50"));
        QVERIFY(far->significant);
        // A figure measured exactly keeps its zero-width difference.
        const auto mean = cli::difference(*base.find("mean"), *other.find("mean"));
        QCOMPARE(mean->interval.halfWidth, 0.0);
        QCOMPARE(mean->resolution, 0.0);
    }

    void compareRowsPrintNoCollapsedPercentile()
    {
        const double p = reported(0.01802);
        const std::vector<cli::VariantSummary> variants{summary({p, p}, "a"), summary({p, p}, "b")};
        const auto rows = cli::compareRows(variants);
        QCOMPARE(rows.front(), (std::vector<std::string>{"", "a", "b", "b - a"}));
        bool found = false;
        for (const auto& row : rows)
            if (row.front() == "latency p50") {
                found = true;
                QCOMPARE(row, (std::vector<std::string>{"latency p50", "18.02 ± 0.07 ms", "18.02 ± 0.07 ms",
                                                        "+0.00 ± 0.13 ms"}));
            }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestVariantSummary)
#include "tst_variantsummary.moc"
