// Jobs in child processes: results come back in order, a job's exception or
// crash becomes a ChildProcessError with a useful message, and runParallel
// really runs jobs in separate processes, at most `workers` at a time.
#include "simcore/subprocess.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace scalelab::sim;

namespace {

/// Counters shared between this process and its children.
struct Shared
{
    std::atomic<int> running{0};
    std::atomic<int> peak{0};
    std::atomic<int> started{0};
};

/// The message of the ChildProcessError that `call` throws, or a marker that
/// matches no expected message when it throws none.
template <typename F> std::string childError(F&& call)
{
    try {
        call();
    } catch (const ChildProcessError& e) {
        return e.what();
    }
    return "(no ChildProcessError thrown)";
}

} // namespace

class TestSubprocess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        static_assert(std::atomic<int>::is_always_lock_free, "shared-memory counters need lock-free atomics");
        void* p = ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        QVERIFY(p != MAP_FAILED);
        m_shared = new (p) Shared;
    }

    void cleanupTestCase() { ::munmap(m_shared, sizeof(Shared)); }

    void returnsTheChildsString()
    {
        QCOMPARE(QString::fromStdString(runInChild([] { return std::string("hello from the child"); })),
                 QStringLiteral("hello from the child"));
        QCOMPARE(runInChild([] { return std::string(); }), std::string());
    }

    void runsInAnotherProcess()
    {
        const pid_t parent = ::getpid();
        const std::string child = runInChild([] { return std::to_string(::getpid()); });
        QVERIFY(child != std::to_string(parent));
        // Nothing the job does leaks into the parent.
        static int touched = 0;
        runInChild([] {
            touched = 1;
            return std::string();
        });
        QCOMPARE(touched, 0);
    }

    void largeResult()
    {
        // Far more than a pipe's buffer (64 KiB), with every byte value.
        std::string expected(3 * 1024 * 1024 + 17, '\0');
        for (std::size_t i = 0; i < expected.size(); ++i)
            expected[i] = static_cast<char>(i * 131 % 256);
        const std::string got = runInChild([&] { return expected; });
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
    }

    void jobThrows()
    {
        const std::string message = childError([] {
            runInChild([]() -> std::string { throw std::runtime_error("station 'db' has no workers"); });
        });
        QCOMPARE(QString::fromStdString(message), QStringLiteral("station 'db' has no workers"));
        const std::string unknown = childError([] { runInChild([]() -> std::string { throw 42; }); });
        QCOMPARE(QString::fromStdString(unknown), QStringLiteral("unknown exception"));
    }

    void jobAborts()
    {
        const std::string message = childError([] {
            runInChild([]() -> std::string {
                // Qt Test's crash handler would catch SIGABRT in the child (and run a
                // debugger): restore the default action so the child dies of it.
                std::signal(SIGABRT, SIG_DFL);
                std::abort();
            });
        });
        QVERIFY2(QString::fromStdString(message).startsWith("simulation process killed by signal 6"), message.c_str());
    }

    void jobExitsWithAStatus()
    {
        const std::string message = childError([] { runInChild([]() -> std::string { std::_Exit(3); }); });
        QCOMPARE(QString::fromStdString(message), QStringLiteral("simulation process exited with status 3"));
        const std::string silent = childError([] { runInChild([]() -> std::string { std::_Exit(0); }); });
        QCOMPARE(QString::fromStdString(silent), QStringLiteral("simulation process returned nothing"));
    }

    void runParallelKeepsOrder()
    {
        // 5 jobs on 2 workers; the early jobs take longest, so they finish out of order.
        m_shared->running = 0;
        m_shared->peak = 0;
        m_shared->started = 0;
        Shared* shared = m_shared;
        std::vector<std::function<std::string()>> jobs;
        for (int i = 0; i < 5; ++i) {
            jobs.push_back([i, shared] {
                ++shared->started;
                const int now = ++shared->running;
                int peak = shared->peak;
                while (now > peak && !shared->peak.compare_exchange_weak(peak, now)) {
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100 - 20 * i));
                --shared->running;
                return "job " + std::to_string(i) + " pid " + std::to_string(::getpid());
            });
        }
        const pid_t parent = ::getpid();
        const std::vector<std::string> results = runParallel(jobs, 2);
        QCOMPARE(results.size(), std::size_t(5));
        QSet<QString> pids;
        for (int i = 0; i < 5; ++i) {
            const QString r = QString::fromStdString(results[std::size_t(i)]);
            QVERIFY2(r.startsWith(QStringLiteral("job %1 pid ").arg(i)), qPrintable(r));
            const QString pid = r.section(' ', 3);
            QVERIFY(pid != QString::number(parent));
            pids.insert(pid);
        }
        QCOMPARE(pids.size(), 5); // one process per job
        QCOMPARE(m_shared->started.load(), 5);
        QCOMPARE(m_shared->peak.load(), 2); // two at once, never more
    }

    void runParallelReportsAFailure()
    {
        std::vector<std::function<std::string()>> jobs{
            [] { return std::string("a"); },
            []() -> std::string { throw std::runtime_error("replication 1 diverged"); },
            [] { return std::string("c"); },
        };
        QCOMPARE(QString::fromStdString(childError([&] { runParallel(jobs, 2); })),
                 QStringLiteral("replication 1 diverged"));
    }

    void runParallelWithNoJobs() { QVERIFY(runParallel({}, 2).empty()); }

    void availableCores() { QVERIFY(scalelab::sim::availableCores() >= 1); }

private:
    Shared* m_shared = nullptr;
};

QTEST_GUILESS_MAIN(TestSubprocess)
#include "tst_subprocess.moc"
