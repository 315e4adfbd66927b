#pragma once

// Google Benchmark's console output plus one line per comparison: how our code fares against
// the peer measured in the same run (ratio > 1 means ours is faster).
#include <benchmark/benchmark.h>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace onair::bench {

class RatioReporter : public benchmark::ConsoleReporter {
public:
    // (ours, peer, what the ratio means)
    using Comparison = std::tuple<std::string, std::string, std::string>;
    // (benchmark, reference duration in seconds, what the share means)
    using Share = std::tuple<std::string, double, std::string>;
    explicit RatioReporter(std::vector<Comparison> comparisons, std::vector<Share> shares = {})
        : comparisons_(std::move(comparisons))
        , shares_(std::move(shares)) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
                // seconds per iteration, whatever unit the benchmark prints in
                times_[run.run_name.function_name] =
                    run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\n");
        for (const auto& [ours, peer, meaning] : comparisons_) {
            const auto a = times_.find(ours);
            const auto b = times_.find(peer);
            if (a == times_.end() || b == times_.end()) {
                std::printf("ratio %s / %s: not measured\n", ours.c_str(), peer.c_str());
                continue;
            }
            std::printf("ratio %-40s %.2f  (%s)\n", (ours + " vs " + peer + ":").c_str(),
                        b->second / a->second, meaning.c_str());
        }
        for (const auto& [name, reference, meaning] : shares_) {
            const auto t = times_.find(name);
            if (t != times_.end()) {
                std::printf("share %-40s %.3f %%  (%s)\n", (name + ":").c_str(),
                            100.0 * t->second / reference, meaning.c_str());
            }
        }
    }

private:
    std::vector<Comparison> comparisons_;
    std::map<std::string, double> times_;
    std::vector<Share> shares_;
};

} // namespace onair::bench
