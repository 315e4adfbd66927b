#include "app/ExportEncodePass.h"

#include "app/EncoderWorker.h"
#include "audio/Renderer.h"
#include "audio/TruePeakLimiter.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace onair::app {

namespace {

constexpr std::int64_t blockFrames = 8192;

float linear(double db) {
    return float(std::pow(10.0, db / 20.0));
}

// The targets that share one limiter; each encoder with its own trim.
struct Group {
    double gainDb = 0.0;
    double ceilingDb = 0.0;
    std::unique_ptr<audio::TruePeakLimiter> limiter;
    std::size_t skip = 0; // the limiter's delay still to drop
    std::vector<std::pair<std::unique_ptr<EncoderWorker>, float>> workers;
};

} // namespace

bool renderAll(audio::Renderer& renderer, int channels, std::int64_t length,
               const std::atomic<bool>* cancel,
               const std::function<void(const float*, std::int64_t, std::int64_t)>& sink) {
    std::vector<float> buffer(std::size_t(blockFrames * channels));
    for (std::int64_t at = 0; at < length; at += blockFrames) {
        if (cancel && cancel->load()) {
            return false;
        }
        const std::int64_t n = std::min(blockFrames, length - at);
        renderer.render(at, buffer.data(), n);
        sink(buffer.data(), n, at);
    }
    return true;
}

QString runEncodePass(audio::Renderer& renderer, int channels, double rate, std::int64_t length,
                      const std::vector<const ExportTarget*>& targets,
                      const std::atomic<bool>* cancel,
                      const std::function<void(double)>& progress) {
    std::vector<Group> groups;
    QString failure;
    for (const ExportTarget* t : targets) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
            return g.gainDb == t->gainDb && g.ceilingDb == t->ceilingDb;
        });
        if (it == groups.end()) {
            Group g;
            g.gainDb = t->gainDb;
            g.ceilingDb = t->ceilingDb;
            g.limiter = std::make_unique<audio::TruePeakLimiter>(channels, rate, t->ceilingDb);
            if (!g.limiter->error().empty()) {
                failure = QString::fromStdString(g.limiter->error());
                break;
            }
            g.skip = g.limiter->latency();
            groups.push_back(std::move(g));
            it = groups.end() - 1;
        }
        auto worker = std::make_unique<EncoderWorker>(t->tempPath, t->settings, rate, t->chapters);
        if (!worker->error().empty()) {
            failure = QString::fromStdString(worker->error());
            break;
        }
        it->workers.emplace_back(std::move(worker), linear(t->trimDb));
    }
    // The limited audio of a group, without the limiter's delay, to its encoders: one shared
    // block for those without a trim, a scaled copy per trim for the others.
    const auto deliver = [&](Group& g, std::vector<float> samples) {
        const Block plain = std::make_shared<const std::vector<float>>(std::move(samples));
        std::vector<std::pair<float, Block>> trimmed;
        for (auto& [worker, trim] : g.workers) {
            if (trim == 1.0f) {
                worker->push(plain);
                continue;
            }
            auto found = std::find_if(trimmed.begin(), trimmed.end(),
                                      [trim = trim](const auto& p) { return p.first == trim; });
            if (found == trimmed.end()) {
                auto copy = std::make_shared<std::vector<float>>(*plain);
                for (float& v : *copy) {
                    v *= trim;
                }
                trimmed.emplace_back(trim, std::move(copy));
                found = trimmed.end() - 1;
            }
            worker->push(found->second);
        }
    };
    bool finished = failure.isEmpty();
    if (finished) {
        std::vector<float> in;
        std::vector<float> out;
        // Stops on Cancel, and as soon as an encoder fails (a full disk): no point rendering
        // the rest of the episode for a file that cannot be written.
        std::atomic<bool> stop{false};
        const auto encoderFailed = [&] {
            for (const Group& g : groups) {
                for (const auto& [worker, trim] : g.workers) {
                    if (worker->failed()) {
                        return true;
                    }
                }
            }
            return false;
        };
        finished =
            renderAll(renderer, channels, length, &stop,
                      [&](const float* data, std::int64_t n, std::int64_t at) {
                          if ((cancel && cancel->load()) || encoderFailed()) {
                              stop = true;
                          }
                          const auto frames = std::size_t(n);
                          for (Group& g : groups) {
                              const float gain = linear(g.gainDb);
                              in.assign(data, data + n * channels);
                              for (float& v : in) {
                                  v *= gain;
                              }
                              out.resize(in.size());
                              g.limiter->process(in.data(), out.data(), frames);
                              const std::size_t drop = std::min(g.skip, frames);
                              g.skip -= drop;
                              if (drop < frames) {
                                  deliver(g, std::vector<float>(
                                                 out.begin() +
                                                     std::ptrdiff_t(drop * std::size_t(channels)),
                                                 out.end()));
                              }
                          }
                          if (progress) {
                              progress(double(at + n) / double(length));
                          }
                      }) &&
            !stop;
        for (Group& g : groups) {
            if (!finished) {
                break;
            }
            std::vector<float> tail(g.limiter->latency() * std::size_t(channels));
            g.limiter->flush(tail.data());
            // In an episode shorter than the delay, the tail still starts with silence.
            tail.erase(tail.begin(), tail.begin() + std::ptrdiff_t(g.skip * std::size_t(channels)));
            if (!tail.empty()) {
                deliver(g, std::move(tail));
            }
            if (g.limiter->dryFrames() > 0 && failure.isEmpty()) {
                // A gap of silence in the file: never hand that out as an episode.
                failure = QStringLiteral("internal error: the limiter lost %1 frames of audio")
                              .arg(g.limiter->dryFrames());
            }
        }
    }
    for (Group& g : groups) {
        for (auto& [worker, trim] : g.workers) {
            const std::string err = worker->finish(!finished || !failure.isEmpty());
            if (!err.empty() && failure.isEmpty()) {
                failure = QString::fromStdString(err);
            }
        }
    }
    return !failure.isEmpty() ? failure
           : finished         ? QString()
                              : QStringLiteral("the export was cancelled");
}

} // namespace onair::app
