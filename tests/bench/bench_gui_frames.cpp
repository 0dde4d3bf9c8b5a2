// What one streamed frame costs the GUI: parse the NDJSON line into the
// RunSeries, redraw the chart on screen (the busiest one: CPU utilization of
// the shop's three variants overlaid, 7 + 2 + 2 components) and replot it.
// Live charts replot without antialiasing (the finished chart and exports
// are antialiased, about 4x slower). Real frames, from `scalelab-cli run --stream` on the bundled shop study,
// 300 s in 5 s bins. Target: under 5 ms a frame (the panel redraws at most
// ten times a second, so a frame never waits on the charts).
#include "charts/chartbuilder.h"
#include "charts/chartview.h"
#include "charts/runseries.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QProcess>

using scalelab::charts::ChartBuilder;
using scalelab::charts::ChartKind;
using scalelab::charts::RunSeries;

namespace {

constexpr double kTargetMs = 5.0;

/// The stream lines of one variant of the shop study.
QList<QByteArray> streamLines(const QString& variant)
{
    QProcess p;
    p.start(QStringLiteral(SCALELAB_CLI), {"run", QStringLiteral(SCALELAB_SHOP_STUDY), "--stream", "--variant",
                                           variant, "--duration", "300s"});
    p.waitForFinished(300000);
    QList<QByteArray> lines;
    for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
        if (!line.isEmpty())
            lines << line;
    return lines;
}

} // namespace

class BenchGuiFrames : public QObject
{
    Q_OBJECT

    std::vector<RunSeries> m_history; ///< the three variants, all but the last frame of the first
    QByteArray m_last;                ///< that frame

private slots:
    void initTestCase()
    {
        for (const QString& v : {QStringLiteral("microservices"), QStringLiteral("monolith"),
                                 QStringLiteral("modular_monolith")}) {
            const QList<QByteArray> lines = streamLines(v);
            QVERIFY2(lines.size() > 60, qPrintable(v + ": no stream"));
            RunSeries s;
            qsizetype last = lines.size() - 1;
            while (last > 0 && !lines[last].startsWith("{\"type\":\"frame\""))
                --last;
            for (qsizetype i = 0; i < lines.size(); ++i)
                if (!m_history.empty() || i != last)
                    s.addLine(std::string_view(lines[i].constData(), std::size_t(lines[i].size())));
            if (m_history.empty())
                m_last = lines[last];
            m_history.push_back(std::move(s));
        }
        QCOMPARE(m_history.front().frameCount(), 59);
    }

    void oneFrame()
    {
        scalelab::charts::ChartView view;
        view.resize(1200, 700);
        view.show();
        view.setLive(true); // as the run panel does while frames stream
        ChartBuilder builder;
        auto handle = [&] {
            std::vector<RunSeries> runs = m_history; // implicitly shared: the append detaches one series
            runs.front().addLine(std::string_view(m_last.constData(), std::size_t(m_last.size())));
            builder.draw(view, ChartKind::Utilization, {&runs[0], &runs[1], &runs[2]});
            view.replot(QCustomPlot::rpImmediateRefresh);
            return runs.front().frameCount();
        };
        QCOMPARE(handle(), 60);

        QBENCHMARK {
            handle();
        }

        constexpr int rounds = 100;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < rounds; ++i)
            handle();
        const double ms = double(timer.nsecsElapsed()) / 1e6 / rounds;
        std::printf("one frame (parse + overlay redraw + replot, %d lines): %.2f ms (target < %.0f ms)\n",
                    view.graphCount(), ms, kTargetMs);
        // Where the time goes.
        auto average = [&](auto step) {
            QElapsedTimer t;
            t.start();
            for (int i = 0; i < rounds; ++i)
                step();
            return double(t.nsecsElapsed()) / 1e6 / rounds;
        };
        std::vector<RunSeries> runs = m_history;
        const double parse = average([&] {
            RunSeries s = m_history.front();
            s.addLine(std::string_view(m_last.constData(), std::size_t(m_last.size())));
        });
        const double draw = average([&] { builder.draw(view, ChartKind::Utilization, {&runs[0], &runs[1], &runs[2]}); });
        const double replot = average([&] { view.replot(QCustomPlot::rpImmediateRefresh); });
        std::printf("  parse %.2f ms, draw %.2f ms, replot %.2f ms\n", parse, draw, replot);
        view.setLive(false);
        const double finished = average([&] { view.replot(QCustomPlot::rpImmediateRefresh); });
        std::printf("  the same replot antialiased (after the run, exports): %.2f ms\n", finished);
        QVERIFY2(ms < kTargetMs, qPrintable(QString("%1 ms a frame").arg(ms)));
    }
};

QTEST_MAIN(BenchGuiFrames)
#include "bench_gui_frames.moc"
