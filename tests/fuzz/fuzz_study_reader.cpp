// libFuzzer target: bytes -> the study reader and validator.
//
// Any input must give a LoadResult, never a crash, a hang or a sanitizer
// report. A study that reads without error is also checked the way the GUI
// checks an edited one (validateStudy without marks), and the writer's text
// for it must read back without error: the writer promises that round trip.
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "scenarios/validator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace scalelab::scenarios;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const LoadResult loaded = parseStudy(text, "fuzz.yaml");
    (void)loaded.report();
    if (!loaded.ok())
        return 0;
    (void)validateStudy(*loaded.study, "fuzz.yaml", false);
    const std::string written = writeStudy(*loaded.study);
    const LoadResult again = parseStudy(written, "written.yaml");
    if (!again.ok()) {
        std::fprintf(stderr, "the writer's text does not read back:\n%s\n--- text ---\n%s\n", again.report().c_str(),
                     written.c_str());
        std::abort();
    }
    return 0;
}
