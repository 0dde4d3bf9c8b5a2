// Single stations against exact queueing results. Each case runs independent
// replications in child processes (one SimGrid engine per process) and checks
// that the exact value lies in the 95% Student-t interval of the replication
// means and within a stated relative tolerance. Rows of docs/validation.md are
// printed as the checks run.
#include "queueingcase.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using testing::CaseResult;
using testing::check;
using testing::values;

namespace {

/// Independent replications per case, run two at a time.
constexpr int kReplications = 20;

double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu.
double erlangC(int c, double a)
{
    double sum = 0;
    for (int k = 0; k < c; ++k)
        sum += std::pow(a, k) / factorial(k);
    const double rho = a / c;
    const double top = std::pow(a, c) / factorial(c) / (1 - rho);
    return top / (sum + top);
}

} // namespace

class TestQueueing : public QObject
{
    Q_OBJECT

private slots:
    void mm1_data()
    {
        QTest::addColumn<double>("rho");
        QTest::addColumn<double>("duration");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("rho=0.5") << 0.5 << 40000.0 << 0.02;
        QTest::newRow("rho=0.9") << 0.9 << 200000.0 << 0.05;
    }

    void mm1()
    {
        QFETCH(double, rho);
        QFETCH(double, duration);
        QFETCH(double, tolerance);
        testing::StationCase c;
        c.lambda = rho;
        c.service = sim::Distribution::exponential(1.0);
        c.duration = duration;
        c.warmup = duration / 20;
        const auto runs = testing::replicate([&](auto seed, auto rep) { return testing::runStation(c, seed, rep); }, kReplications);
        const std::string name = "M/M/1 rho=" + QByteArray::number(rho).toStdString();
        const double r = 1.0 / (1.0 - rho);
        std::string problems;
        problems += check(name, "utilization", rho, values(runs, &CaseResult::utilization), tolerance);
        problems += check(name, "mean response (s)", r, values(runs, &CaseResult::meanResponse), tolerance);
        problems += check(name, "mean number in system", rho / (1 - rho), values(runs, &CaseResult::meanInSystem),
                          tolerance);
        problems += check(name, "p50 response (s)", std::log(2.0) * r, values(runs, &CaseResult::p50), tolerance);
        problems += check(name, "p95 response (s)", -std::log(0.05) * r, values(runs, &CaseResult::p95), tolerance);
        problems += check(name, "p99 response (s)", -std::log(0.01) * r, values(runs, &CaseResult::p99), tolerance);
        QVERIFY2(problems.empty(), problems.c_str());
    }

    void mmc_data()
    {
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("rho");
        QTest::newRow("c=4") << 4 << 0.8;
        QTest::newRow("c=16") << 16 << 0.9;
    }

    void mmc()
    {
        QFETCH(int, servers);
        QFETCH(double, rho);
        testing::StationCase c;
        c.cores = servers;
        c.threads = servers;
        c.lambda = rho * servers;
        c.service = sim::Distribution::exponential(1.0);
        c.duration = 40000.0;
        c.warmup = 2000.0;
        const auto runs = testing::replicate([&](auto seed, auto rep) { return testing::runStation(c, seed, rep); }, kReplications);
        const double pw = erlangC(servers, c.lambda);
        const double wq = pw / (servers - c.lambda);
        const std::string name = "M/M/" + std::to_string(servers) + " rho=" + QByteArray::number(rho).toStdString();
        std::string problems;
        problems += check(name, "P(wait) (Erlang C)", pw, values(runs, &CaseResult::waitProbability), 0.03);
        problems += check(name, "mean wait (s)", wq, values(runs, &CaseResult::meanWait), 0.05);
        problems += check(name, "utilization", rho, values(runs, &CaseResult::utilization), 0.02);
        QVERIFY2(problems.empty(), problems.c_str());
    }

    void mg1_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<double>("rho");
        QTest::newRow("M/D/1") << "constant(1s)" << 0.7;
        QTest::newRow("M/G/1 lognormal cv=2") << "lognormal(1s, cv=2)" << 0.7;
        QTest::newRow("M/G/1 gamma cv=0.5") << "gamma(1s, cv=0.5)" << 0.7;
    }

    void mg1()
    {
        QFETCH(QString, service);
        QFETCH(double, rho);
        const auto parsed = sim::Distribution::parse(service.toStdString());
        QVERIFY2(parsed.ok(), parsed.error.c_str());
        testing::StationCase c;
        c.service = parsed.value;
        c.lambda = rho / c.service.mean();
        c.duration = 100000.0;
        c.warmup = 5000.0;
        const auto runs = testing::replicate([&](auto seed, auto rep) { return testing::runStation(c, seed, rep); }, kReplications);
        // Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)).
        const double wq = c.lambda * c.service.secondMoment() / (2 * (1 - rho));
        const std::string name = std::string(QTest::currentDataTag()) + " rho=" + QByteArray::number(rho).toStdString();
        std::string problems;
        problems += check(name, "mean wait (s), P-K", wq, values(runs, &CaseResult::meanWait), 0.05);
        problems += check(name, "mean response (s)", wq + c.service.mean(), values(runs, &CaseResult::meanResponse),
                          0.04);
        QVERIFY2(problems.empty(), problems.c_str());
    }

    void mm1k()
    {
        // K = 5 in the system: one in service, four in the backlog.
        const int k = 5;
        const double rho = 0.9;
        testing::StationCase c;
        c.lambda = rho;
        c.service = sim::Distribution::exponential(1.0);
        c.backlog = k - 1;
        c.duration = 40000.0;
        c.warmup = 1000.0;
        const auto runs = testing::replicate([&](auto seed, auto rep) { return testing::runStation(c, seed, rep); }, kReplications);
        const double block = (1 - rho) * std::pow(rho, k) / (1 - std::pow(rho, k + 1));
        std::string problems = check("M/M/1/5 rho=0.9", "blocking probability", block,
                                     values(runs, &CaseResult::blocking), 0.03);
        QVERIFY2(problems.empty(), problems.c_str());
    }

    void processorSharing()
    {
        // One core shared by every request in service (threads far above cores):
        // SimGrid's CPU sharing decides the finish times.
        const double rho = 0.7;
        testing::StationCase c;
        c.lambda = rho;
        c.service = sim::Distribution::exponential(1.0);
        c.threads = 100000;
        c.duration = 40000.0;
        c.warmup = 2000.0;
        const auto runs = testing::replicate([&](auto seed, auto rep) { return testing::runStation(c, seed, rep); }, kReplications);
        std::string problems;
        problems += check("M/M/1-PS rho=0.7", "mean response (s)", 1 / (1 - rho),
                          values(runs, &CaseResult::meanResponse), 0.04);
        problems += check("M/M/1-PS rho=0.7", "mean number in system", rho / (1 - rho),
                          values(runs, &CaseResult::meanInSystem), 0.04);
        QVERIFY2(problems.empty(), problems.c_str());
    }
};

QTEST_GUILESS_MAIN(TestQueueing)
#include "tst_queueing.moc"
