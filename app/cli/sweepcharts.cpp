#include "sweepcharts.h"

#include "chartstool.h"
#include "errors.h"

#include <cstdio>

namespace scalelab::cli {

bool drawSweepCharts(const std::string& dir, bool required)
{
    const auto tool = chartsTool(!required);
    if (!tool) {
        if (required)
            return false;
        std::fprintf(stderr, "sweep: no charts (scalelab-charts is not next to scalelab-cli)\n");
        return true;
    }
    const int code = runProgram({*tool, "--sweep", dir, "--out", dir + "/charts", "--format", "png,svg,pdf"});
    if (code != 0) {
        if (code > 0)
            printError("scalelab-charts could not draw the sweep's charts (exit " + std::to_string(code) + ")",
                       "the lines above say why; the tables are written");
        return false;
    }
    std::fprintf(stderr, "sweep: charts in %s/charts\n", dir.c_str());
    return true;
}

} // namespace scalelab::cli
