#include "studyloader.h"

#include "errors.h"

#include "scenarios/diagnostic.h"
#include "scenarios/quantities.h"
#include "scenarios/studyreader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace scalelab::cli {

std::vector<scenarios::Override> overridesOf(const std::vector<std::string>& sets)
{
    std::vector<scenarios::Override> out;
    for (const std::string& s : sets)
        if (auto o = scenarios::parseOverride(s))
            out.push_back(std::move(*o));
    return out;
}

void addStudyArguments(CLI::App* cmd, std::string& study, std::vector<std::string>& sets)
{
    cmd->add_option("STUDY", study, "The study file (YAML)")->required()->type_name("FILE");
    addSetOption(cmd, sets);
}

CLI::Option* addSetOption(CLI::App* cmd, std::vector<std::string>& sets)
{
    return cmd
        ->add_option("--set", sets,
                     "Override a field before the study is read, e.g. --set "
                     "variants.v1.components.app.instances=6 (repeatable; a path's list items by index: "
                     "workload.rate.1.rps=800)")
        ->type_name("PATH=VALUE")
        ->take_all()
        ->allow_extra_args(false)
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                std::string error;
                return scenarios::parseOverride(text, &error) ? std::string() : error;
            },
            "PATH=VALUE"));
}

std::optional<scenarios::Study> loadStudy(const std::string& path, const std::vector<std::string>& sets,
                                          std::string* report)
{
    scenarios::LoadResult result = scenarios::readStudy(path, overridesOf(sets));
    const std::string text = result.report();
    std::fputs(text.c_str(), stderr);
    if (report)
        *report = text;
    if (result.ok())
        return std::move(result.study);
    const auto errors = std::count_if(result.diagnostics.begin(), result.diagnostics.end(), [](const auto& d) {
        return d.severity == scenarios::Diagnostic::Severity::Error;
    });
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        printError("cannot read the study '" + path + "'", "check the path (relative paths start in the current folder)");
        return std::nullopt;
    }
    printError(path + ": " + std::to_string(errors) + (errors == 1 ? " error" : " errors") + "; nothing was run",
               "fix the lines above ('scalelab-cli validate " + path + "' checks a study without running it)");
    return std::nullopt;
}

bool applyOverrides(scenarios::Study& study, const RunOptions& options)
{
    scenarios::RunSettings& run = study.run;
    if (options.seed)
        run.seed = *options.seed;
    if (options.replications) { // an explicit count wins over stopping on precision
        run.replications = *options.replications;
        run.until.reset();
    }
    if (options.duration)
        run.duration = *options.duration;
    if (options.warmup)
        run.warmup = *options.warmup;
    if (!(run.warmup < run.duration)) {
        printError("the warm-up (" + scenarios::formatDurationExact(run.warmup) + ") must be shorter than the duration (" +
                       scenarios::formatDurationExact(run.duration) + ")",
                   options.warmup ? "shorten --warmup or lengthen --duration" : "pass a shorter --warmup as well");
        return false;
    }
    return true;
}

std::vector<const scenarios::Variant*> selectVariants(const scenarios::Study& study,
                                                      const std::vector<std::string>& names)
{
    std::vector<const scenarios::Variant*> out;
    if (names.empty()) {
        for (const auto& v : study.variants)
            out.push_back(&v);
        return out;
    }
    std::vector<std::string> known;
    for (const auto& v : study.variants)
        known.push_back(v.name);
    for (const std::string& name : names) {
        const scenarios::Variant* v = study.findVariant(name);
        if (!v) {
            const std::string close = scenarios::closestMatch(name, known);
            printError("unknown variant '" + name + "'; known: " + scenarios::joinChoices(known),
                       close.empty() ? "variants are the keys under 'variants:' in " + study.path
                                     : "did you mean '" + close + "'?");
            return {};
        }
        if (std::find(out.begin(), out.end(), v) != out.end()) {
            printError("variant '" + name + "' is listed twice", "name each variant once");
            return {};
        }
        out.push_back(v);
    }
    return out;
}

} // namespace scalelab::cli
