// libFuzzer target: bytes -> read and validate a study, then run each of its
// variants for a few simulated seconds with a cap on the requests generated.
//
// SimGrid allows one engine per process, so every run happens in a child
// process (sim::runInChild); the child's coverage does not reach libFuzzer,
// which is guided by the reader's. A child that crashes, is killed or trips a
// sanitizer aborts this process, so libFuzzer keeps the input. A run that
// throws (a documented error, such as an unreadable trace) is not a finding.
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/subprocess.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace {

constexpr double kMaxDuration = 3.0;         // simulated seconds per run
constexpr std::uint64_t kMaxArrivals = 2000; // requests per run

class Capped : public scalelab::scenarios::VariantObserver
{
public:
    void onFrame(const scalelab::sim::Frame&) override {}
    std::uint64_t maxArrivals() const override { return kMaxArrivals; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace scalelab;
    const std::string text(reinterpret_cast<const char*>(data), size);
    scenarios::LoadResult loaded = scenarios::parseStudy(text, "fuzz.yaml");
    if (!loaded.ok())
        return 0;
    scenarios::Study& study = *loaded.study;
    // Traces are files: the trace readers have their own tests, and a path
    // from the fuzzer could name anything on this machine.
    if (!study.workload.replay.empty() || !study.workload.replayTimestamps.empty())
        return 0;
    study.run.duration = std::min(study.run.duration, kMaxDuration);
    study.run.warmup = std::min(study.run.warmup, study.run.duration / 2);
    for (const scenarios::Variant& variant : study.variants) {
        try {
            sim::runInChild([&] {
                try {
                    Capped capped;
                    scenarios::runVariant(study, variant, study.run.seed, 0, &capped);
                } catch (const std::exception& e) {
                    return std::string("error: ") + e.what();
                }
                return std::string("ok");
            });
        } catch (const sim::ChildProcessError& e) {
            std::fprintf(stderr, "variant '%s' crashed its run: %s\n", variant.name.c_str(), e.what());
            std::abort();
        }
    }
    return 0;
}
