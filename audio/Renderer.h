#pragma once

#include "audio/EditPlan.h"

#include <cstdint>
#include <string>
#include <vector>

struct sf_private_tag; // libsndfile's SNDFILE

namespace onair::audio {

// The one renderer: turns an EditPlan into interleaved float samples. Playback (through the
// prefetch thread) and export both call it, so what is heard is what is exported, sample for
// sample. Not real-time: it reads files.
//
// Semantics, per output frame t (all gains multiply):
// - clip gain and track gain are in dB (linear = 10^(dB/20));
// - fades are linear ramps inside the clip: frame i (0-based in the clip) of the fade-in has
//   gain i/fadeIn, so the first frame is silent and frame fadeIn is the first at unity; the
//   fade-out mirrors it from the clip's end: with j = length-1-i frames after frame i, frames
//   with j < fadeOut have gain j/fadeOut (the last frame is silent). Overlapping fades
//   multiply;
// - mute silences a track, soloed or not; when any track is soloed, only soloed tracks play
//   (so a soloed and muted track silences the others and itself);
// - stereo output: a mono source is panned with a constant-power law (left = cos θ,
//   right = sin θ, θ = (pan+1)·π/4: centre is -3 dB per side, like MonitorMixer); a stereo
//   source is balanced (centre: both sides unity; pan < 0 lowers the right side by (1+pan),
//   pan > 0 lowers the left by (1-pan));
// - mono output: a mono source at unity, a stereo source as (L+R)/2; pan is ignored;
// - sources with more than two channels contribute their first two;
// - overlapping clips (on a track and across tracks) sum; there is no limiter here;
// - frames before a source's start or past its end (a short or truncated file) are silence.
// The result of a frame depends only on the plan and that frame, so rendering in any block
// sizes and positions gives bit-identical output.
class Renderer {
public:
    Renderer(EditPlan plan, int outputChannels /*1 or 2*/);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Opens every source and checks it against the plan (exists, readable, same rate).
    // Returns an error text naming the first bad file, empty on success. Before open(),
    // render() gives silence; after a failed open(), the sources that did open still play.
    std::string open();

    // Renders timeline frames [position, position + frames) into interleaved
    // `frames * outputChannels()` floats. Not real-time safe (reads files); allocates nothing
    // after open().
    void render(std::int64_t position, float* interleavedOut, std::int64_t frames);

    const EditPlan& plan() const { return plan_; }
    int outputChannels() const { return outputChannels_; }
    double sampleRate() const { return plan_.sampleRate; }
    std::int64_t length() const { return length_; }

private:
    struct Source {
        std::string path;
        sf_private_tag* file = nullptr;
        int channels = 0;
        std::int64_t frames = 0;
        std::int64_t next = -1; // where the file's read position is, -1 unknown
    };
    // A clip that plays, with its gains resolved for this output.
    struct Voice {
        std::size_t source = 0;
        std::int64_t position = 0, length = 0, sourceStart = 0, fadeIn = 0, fadeOut = 0;
        float gain = 1.0f;         // clip × track, linear
        float left = 1, right = 1; // pan/balance (stereo output)
    };

    void closeSources();
    void readSource(Source& source, std::int64_t first, std::int64_t frames, float* out);
    void mixVoice(const Voice& voice, std::int64_t from, std::int64_t frames, float* out);

    EditPlan plan_;
    int outputChannels_;
    std::int64_t length_ = 0;
    std::vector<Source> sources_;
    std::vector<Voice> voices_; // in track order, then clip order: the summing order is fixed
    std::vector<float> scratch_;
};

} // namespace onair::audio
