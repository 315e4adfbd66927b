#include "audio/Renderer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sndfile.h>

namespace onair::audio {

namespace {

// Frames read from a source per step: bounds the scratch buffer, big enough that libsndfile's
// per-call cost vanishes.
constexpr std::int64_t chunkFrames = 4096;

float dbToLinear(float db) {
    return static_cast<float>(std::pow(10.0, static_cast<double>(db) / 20.0));
}

// The fade gain of clip frame i, as the header defines it. Computed in double so that long
// fades (more than 2^24 frames) keep their resolution.
float fadeGain(std::int64_t i, std::int64_t length, std::int64_t fadeIn, std::int64_t fadeOut) {
    double g = 1.0;
    if (i < fadeIn) {
        g = static_cast<double>(i) / static_cast<double>(fadeIn);
    }
    const std::int64_t after = length - 1 - i;
    if (after < fadeOut) {
        g *= static_cast<double>(after) / static_cast<double>(fadeOut);
    }
    return static_cast<float>(g);
}

} // namespace

Renderer::Renderer(EditPlan plan, int outputChannels)
    : plan_(std::move(plan))
    , outputChannels_(std::clamp(outputChannels, 1, 2))
    , length_(plan_.length()) {}

Renderer::~Renderer() {
    closeSources();
}

void Renderer::closeSources() {
    for (Source& s : sources_) {
        if (s.file != nullptr) {
            sf_close(s.file);
        }
    }
    sources_.clear();
    voices_.clear();
}

std::string Renderer::open() {
    closeSources();
    std::string error;
    const bool anySolo = std::any_of(plan_.tracks.begin(), plan_.tracks.end(),
                                     [](const RenderTrack& t) { return t.solo; });
    const long rate = std::lround(plan_.sampleRate);
    std::map<std::string, std::size_t> byPath; // one open file per source, shared by its clips
    int maxChannels = 1;
    for (const RenderTrack& track : plan_.tracks) {
        if (track.mute || (anySolo && !track.solo)) {
            continue;
        }
        const float trackGain = dbToLinear(track.gainDb);
        const double theta = (std::clamp(static_cast<double>(track.pan), -1.0, 1.0) + 1.0) *
                             std::atan(1.0); // (pan+1)·π/4
        for (const RenderClip& clip : track.clips) {
            if (clip.length <= 0) {
                continue;
            }
            auto [it, added] = byPath.try_emplace(clip.sourcePath, sources_.size());
            if (added) {
                Source source;
                source.path = clip.sourcePath;
                SF_INFO info{};
                source.file = sf_open(clip.sourcePath.c_str(), SFM_READ, &info);
                if (source.file == nullptr) {
                    if (error.empty()) {
                        error = "cannot open the source '" + clip.sourcePath +
                                "': " + sf_strerror(nullptr);
                    }
                } else if (info.samplerate != rate) {
                    if (error.empty()) {
                        error = "the source '" + clip.sourcePath + "' is " +
                                std::to_string(info.samplerate) + " Hz but the episode plays at " +
                                std::to_string(rate) + " Hz; convert it before using it";
                    }
                    sf_close(source.file);
                    source.file = nullptr;
                } else {
                    source.channels = info.channels;
                    source.frames = info.frames;
                    maxChannels = std::max(maxChannels, info.channels);
                }
                sources_.push_back(std::move(source));
            }
            const Source& source = sources_[it->second];
            if (source.file == nullptr) {
                continue;
            }
            Voice v;
            v.source = it->second;
            v.position = clip.position;
            v.length = clip.length;
            v.sourceStart = clip.sourceStart;
            v.fadeIn = std::max<std::int64_t>(clip.fadeIn, 0);
            v.fadeOut = std::max<std::int64_t>(clip.fadeOut, 0);
            const bool stereoSource = source.channels >= 2;
            v.gain = dbToLinear(clip.gainDb) * trackGain;
            if (outputChannels_ == 1) {
                v.left = v.right = stereoSource ? 0.5f : 1.0f;
            } else if (stereoSource) {
                const float pan = std::clamp(track.pan, -1.0f, 1.0f);
                v.left = pan > 0.0f ? 1.0f - pan : 1.0f;
                v.right = pan < 0.0f ? 1.0f + pan : 1.0f;
            } else {
                v.left = static_cast<float>(std::cos(theta));
                v.right = static_cast<float>(std::sin(theta));
            }
            voices_.push_back(v);
        }
    }
    scratch_.assign(static_cast<std::size_t>(chunkFrames * maxChannels), 0.0f);
    return error;
}

// Reads source frames [first, first + frames) into `out` (frames × source channels); what the
// file does not hold (before its start, past its end, a failed read) is silence.
void Renderer::readSource(Source& source, std::int64_t first, std::int64_t frames, float* out) {
    const auto channels = static_cast<std::size_t>(source.channels);
    std::fill(out, out + static_cast<std::size_t>(frames) * channels, 0.0f);
    const std::int64_t lo = std::max<std::int64_t>(first, 0);
    const std::int64_t hi = std::min(first + frames, source.frames);
    if (lo >= hi) {
        return;
    }
    if (source.next != lo) {
        // Sequential playback reads on from where the last read stopped: no seek, which
        // matters for FLAC, where a seek decodes from the previous seek point.
        if (sf_seek(source.file, lo, SEEK_SET) < 0) {
            source.next = -1;
            return;
        }
    }
    const sf_count_t got =
        sf_readf_float(source.file, out + static_cast<std::size_t>(lo - first) * channels, hi - lo);
    source.next = got >= 0 ? lo + got : -1;
}

void Renderer::mixVoice(const Voice& v, std::int64_t from, std::int64_t frames, float* out) {
    Source& source = sources_[v.source];
    const auto channels = static_cast<std::size_t>(source.channels);
    const bool stereoSource = channels >= 2;
    for (std::int64_t done = 0; done < frames;) {
        const std::int64_t n = std::min(chunkFrames, frames - done);
        const std::int64_t clipFrame = from + done - v.position;
        readSource(source, v.sourceStart + clipFrame, n, scratch_.data());
        float* o = out + static_cast<std::size_t>(done * outputChannels_);
        const float* in = scratch_.data();
        for (std::int64_t k = 0; k < n; ++k, in += channels) {
            const std::int64_t i = clipFrame + k;
            const bool inFade = i < v.fadeIn || v.length - 1 - i < v.fadeOut;
            const float g = inFade ? v.gain * fadeGain(i, v.length, v.fadeIn, v.fadeOut) : v.gain;
            if (outputChannels_ == 1) {
                *o++ += (stereoSource ? in[0] + in[1] : in[0]) * (g * v.left);
            } else {
                *o++ += in[0] * (g * v.left);
                *o++ += (stereoSource ? in[1] : in[0]) * (g * v.right);
            }
        }
        done += n;
    }
}

void Renderer::render(std::int64_t position, float* interleavedOut, std::int64_t frames) {
    if (frames <= 0) {
        return;
    }
    std::fill(interleavedOut, interleavedOut + static_cast<std::size_t>(frames * outputChannels_),
              0.0f);
    const std::int64_t end = position + frames;
    for (const Voice& v : voices_) {
        const std::int64_t from = std::max(position, v.position);
        const std::int64_t to = std::min(end, v.position + v.length);
        if (from < to) {
            mixVoice(v, from, to - from,
                     interleavedOut +
                         static_cast<std::size_t>((from - position) * outputChannels_));
        }
    }
}

} // namespace onair::audio
