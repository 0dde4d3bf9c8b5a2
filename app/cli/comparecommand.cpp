#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "report.h"
#include "runflags.h"
#include "studyloader.h"
#include "workcheck.h"

#include "simcore/subprocess.h"

#include <cstdio>

namespace scalelab::cli {

namespace {

/// `compare STUDY`: several variants on the same traffic and faults, side by side.
int runCompare(const RunOptions& options)
{
    std::optional<scenarios::Study> study = loadStudy(options.study);
    if (!study || !applyOverrides(*study, options))
        return ExitBadInput;
    const auto variants = selectVariants(*study, options.variants);
    if (variants.empty())
        return ExitBadInput;
    if (variants.size() < 2) {
        printError("compare needs at least two variants (got " + variants.front()->name + " only)",
                   options.variants.empty() ? "the study has one variant: use 'scalelab-cli run " + options.study + "'"
                                            : "list two or more: --variants a,b");
        return ExitBadInput;
    }
    if (!checkWork(*study, variants, options))
        return ExitBadInput;
    if (!options.out.empty() && !prepareOutputDir(options.out))
        return ExitBadInput;

    // Every variant's replications in one batch, so they share the cores.
    const int replications = study->run.replications;
    const auto ran = runReplications(*study, variants, !options.out.empty());
    if (!ran)
        return ExitRunFailed;
    const std::vector<ReplicationResult>& results = *ran;

    std::vector<VariantSummary> summaries;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        std::vector<scenarios::VariantRun> runs;
        for (int r = 0; r < replications; ++r)
            runs.push_back(results[i * std::size_t(replications) + std::size_t(r)].run);
        summaries.push_back(summarizeVariant(*study, *variants[i], runs));
    }
    const nlohmann::ordered_json json = compareJson(*study, summaries);
    if (options.format == "json")
        std::printf("%s\n", json.dump(2).c_str());
    else if (options.format == "csv")
        printCompareCsv(stdout, summaries);
    else
        printCompareTable(stdout, *study, summaries);
    std::fflush(stdout);

    if (!options.out.empty()) {
        if (!writeSummaryJson(options.out, json))
            return ExitRunFailed;
        for (std::size_t i = 0; i < variants.size(); ++i)
            if (!writeTimeSeriesCsv(options.out, "timeseries-" + variants[i]->name + ".csv", *variants[i],
                                    results[i * std::size_t(replications)].bins))
                return ExitRunFailed;
    }
    return ExitOk;
}

class CompareCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* compare = app.add_subcommand(
            "compare", "Run several variants on the same traffic, faults and seed, and compare them side by side");
        m_flags.add(compare, m_options);
        compare->add_option("--out", m_options.out,
                            "Also write DIR/summary.json and DIR/timeseries-VARIANT.csv (the bins of replication 0)")
            ->type_name("DIR");
        compare->add_option("--variants", m_options.variants,
                            "The variants to compare, the first as baseline (default: all, in file order)")
            ->delimiter(',')
            ->type_name("A,B,...");
        compare->footer(kExitCodes);
        return compare;
    }

    int run() override
    {
        m_flags.apply(m_options);
        return runCompare(m_options);
    }

private:
    RunOptions m_options;
    RunFlags m_flags;
};

const CommandRegistration<CompareCommand> registration(30);

} // namespace

} // namespace scalelab::cli
