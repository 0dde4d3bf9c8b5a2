#include "outputfiles.h"

#include "errors.h"
#include "cli/parityreport.h"
#include "timeseries.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scalelab::cli {

bool prepareOutputDir(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        printError("cannot create the output folder '" + dir + "': " +
                       (ec ? ec.message() : std::string("a file of that name exists")),
                   "pass --out a folder you can write to");
        return false;
    }
    return true;
}

bool writeTextFile(const std::string& dir, const std::string& name, const std::string& text)
{
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        printError("cannot write '" + path + "': " + std::strerror(errno), "check the space left and the permissions");
        return false;
    }
    return true;
}

bool writeSummaryJson(const std::string& dir, const nlohmann::ordered_json& summary)
{
    return writeTextFile(dir, "summary.json", summary.dump(2) + "\n");
}

bool writeParityCsv(const std::string& dir, const scenarios::Study& study)
{
    return study.faults.empty() || writeTextFile(dir, "parity.csv", parityCsv(study));
}

bool writeTimeSeriesCsv(const std::string& dir, const std::string& name, const scenarios::Variant& variant,
                        const std::vector<sim::Frame>& bins)
{
    std::ostringstream csv;
    writeTimeSeries(csv, variant, bins);
    return writeTextFile(dir, name, csv.str());
}

bool writeTimeSeriesAllCsv(const std::string& dir, const std::string& stem, const scenarios::Variant& variant,
                           const std::vector<const std::vector<sim::Frame>*>& replications)
{
    std::ostringstream all, mean;
    writeTimeSeriesReplications(all, variant, replications);
    writeTimeSeriesMean(mean, variant, replications);
    return writeTextFile(dir, stem + "-all.csv", all.str()) && writeTextFile(dir, stem + "-mean.csv", mean.str());
}

} // namespace scalelab::cli
