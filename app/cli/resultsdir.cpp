#include "resultsdir.h"

#include "chartstool.h"
#include "errors.h"
#include "outputfiles.h"
#include "runoptions.h"
#include "studyloader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace scalelab::cli {

namespace {

std::string readText(const std::filesystem::path& path, bool* ok)
{
    std::ifstream in(path, std::ios::binary);
    *ok = bool(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

bool writeReusableResults(const std::string& dir, const scenarios::Study& study,
                          const std::vector<const scenarios::Variant*>& variants,
                          const std::vector<ReplicationResult>& results, const std::string& table,
                          const std::vector<std::string>& sets)
{
    const std::size_t replications = variants.empty() ? 0 : results.size() / variants.size();
    if (!prepareOutputDir((std::filesystem::path(dir) / "streams").string()))
        return false;
    for (std::size_t i = 0; i < variants.size(); ++i)
        if (!writeTextFile(dir, "streams/" + variants[i]->name + ".ndjson",
                           streamOf(study, *variants[i], results[i * replications])))
            return false;
    bool ok = false;
    const std::string text = readText(study.path, &ok);
    std::string overrides;
    for (const std::string& set : sets)
        overrides += set + "\n";
    return writeTextFile(dir, "summary.txt", table) && (!ok || writeTextFile(dir, "study.yaml", text)) &&
           (sets.empty() || writeTextFile(dir, "overrides.txt", overrides));
}

std::optional<SavedResults> readSavedResults(const std::string& dir)
{
    const std::filesystem::path root(dir);
    const std::string hint = "pass --from the folder of 'scalelab-cli compare STUDY --out DIR' (or run --out)";
    bool ok = false;
    std::string text = readText(root / "summary.json", &ok);
    SavedResults saved;
    saved.summary = nlohmann::ordered_json::parse(text, nullptr, false);
    if (!ok || saved.summary.is_discarded() || !saved.summary.is_object()) {
        printError("no results in '" + dir + "': summary.json is missing or unreadable", hint);
        return std::nullopt;
    }
    std::vector<std::string> names;
    if (saved.summary.contains("variants"))
        for (const auto& v : saved.summary["variants"])
            names.push_back(v.value("variant", std::string()));
    else
        names.push_back(saved.summary.value("variant", std::string()));
    for (const std::string& name : names) {
        const std::filesystem::path stream = root / "streams" / (name + ".ndjson");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(stream, ec)) {
            printError("no time series of variant '" + name + "' in '" + dir + "' (" + stream.string() + ")",
                       "the folder predates reusable results: run 'scalelab-cli compare STUDY --out " + dir + "' again");
            return std::nullopt;
        }
        saved.streams.push_back(stream.string());
    }
    saved.table = readText(root / "summary.txt", &ok);

    // The study as it was run: its file when still there, else the copy.
    const std::string file = saved.summary.value("file", std::string());
    std::error_code ec;
    const std::string path = !file.empty() && std::filesystem::is_regular_file(file, ec) ? file
                                                                                       : (root / "study.yaml").string();
    std::vector<std::string> sets;
    std::istringstream overrides(readText(root / "overrides.txt", &ok));
    for (std::string line; std::getline(overrides, line);)
        if (!line.empty())
            sets.push_back(line);
    std::optional<scenarios::Study> study = loadStudy(path, sets);
    if (!study)
        return std::nullopt;
    RunOptions options;
    options.seed = saved.summary.value("seed", study->run.seed);
    options.duration = saved.summary.value("duration", study->run.duration);
    options.warmup = saved.summary.value("warmup", study->run.warmup);
    options.replications = saved.summary.value("replications", study->run.replications);
    if (!applyOverrides(*study, options))
        return std::nullopt;
    saved.study = std::move(*study);
    for (const std::string& name : names) {
        const scenarios::Variant* v = saved.study.findVariant(name);
        if (!v) {
            printError("the results name variant '" + name + "', which '" + path + "' does not have", hint);
            return std::nullopt;
        }
        saved.variants.push_back(v);
    }
    return saved;
}

std::string seriesFile(const std::string& dir, const SavedResults& saved, const scenarios::Variant& variant,
                       const std::string& suffix)
{
    const bool compared = saved.summary.contains("variants");
    return (std::filesystem::path(dir) /
            ("timeseries" + (compared ? "-" + variant.name : std::string()) + suffix + ".csv"))
        .string();
}

bool hasSeriesMeans(const std::string& dir, const SavedResults& saved)
{
    for (const scenarios::Variant* variant : saved.variants)
        if (!std::filesystem::exists(seriesFile(dir, saved, *variant, "-mean")))
            return false;
    return !saved.variants.empty();
}

} // namespace scalelab::cli
