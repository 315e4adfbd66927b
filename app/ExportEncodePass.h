#pragma once

#include "audio/ExportTypes.h"

#include <QString>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace onair::audio {
class Renderer;
} // namespace onair::audio

namespace onair::app {

// One output file of an export, as the encode pass makes it: the mix at `gainDb`, through a
// true-peak limiter at `ceilingDb`, then scaled by `trimDb` (a codec's loudness allowance that
// the peaks have room for: no limiter of its own needed), into the format's encoder.
struct ExportTarget {
    audio::EncoderSettings settings{};
    QString tempPath{};
    double gainDb = 0.0;
    double ceilingDb = -1.5;
    double trimDb = 0.0;
    std::vector<audio::ChapterInfo> chapters{}; // for muxers that write them (M4A)
};

// Renders the whole edit block by block into `sink` (frames, timeline frame of the block);
// false when cancelled.
bool renderAll(audio::Renderer& renderer, int channels, std::int64_t length,
               const std::atomic<bool>* cancel,
               const std::function<void(const float*, std::int64_t, std::int64_t)>& sink);

// Renders the edit once into every target's encoder, all encoding at once (one thread each,
// bounded queues: memory flat in the episode's length). Targets with the same gain and ceiling
// share one limiter. `progress` gets the fraction rendered. Returns an error text, "the export was
// cancelled", or empty; the files are complete only on success (the caller removes them otherwise).
QString runEncodePass(audio::Renderer& renderer, int channels, double rate, std::int64_t length,
                      const std::vector<const ExportTarget*>& targets,
                      const std::atomic<bool>* cancel, const std::function<void(double)>& progress);

} // namespace onair::app
